// The contact_imports row through an import's life: created RUNNING before the first row is read
// (it is also the "one import per tenant at a time" guard, through a partial unique index), its
// counts moved forward in the transaction of each committed chunk, and closed COMPLETED or FAILED.
// Its counts therefore always describe exactly the rows committed so far.
import type { Tx } from '../../../db/tx';
import { recordAudit } from '../../audit/record';
import { ImportInProgressError, isUniqueViolation } from '../errors';
import { contactImportSelect, toImportView, type ContactImportView } from './imports';

export type ImportCounts = {
  totalRows: number;
  created: number;
  updated: number;
  rejected: number;
};
export type ImportLineError = { line: number; reason: string };

export type StartImportInput = {
  tenantId: string;
  fileName: string;
  defaultCountry: string | null;
  createdBy: string | null;
  /** A RUNNING import older than this was abandoned (its process died): it is closed as FAILED. */
  staleAfterMs: number;
};

/** Opens the import as RUNNING; refuses (ImportInProgressError) while another one of the tenant runs. */
export async function startContactImport(
  tx: Tx,
  input: StartImportInput,
): Promise<ContactImportView> {
  const staleBefore = new Date(Date.now() - input.staleAfterMs);
  await tx.contactImport.updateMany({
    where: { tenantId: input.tenantId, status: 'RUNNING', startedAt: { lt: staleBefore } },
    data: {
      status: 'FAILED',
      finishedAt: new Date(),
      failureReason:
        'abandoned: the import stopped without finishing (the server restarted?); the rows committed before that were kept',
    },
  });
  try {
    // A violation of contact_imports_one_running ends this short transaction: nothing else in it.
    const row = await tx.contactImport.create({
      data: {
        tenantId: input.tenantId,
        fileName: input.fileName,
        status: 'RUNNING',
        defaultCountry: input.defaultCountry,
        createdBy: input.createdBy,
      },
      select: contactImportSelect,
    });
    // The person's action; each consent change the rows make is audited as it is committed.
    await recordAudit(tx, {
      tenantId: input.tenantId,
      actorId: input.createdBy,
      action: 'contact.import_started',
      subject: `contact_import:${row.id}`,
      detail: { fileName: row.fileName, defaultCountry: row.defaultCountry },
    });
    return toImportView(row);
  } catch (error) {
    if (isUniqueViolation(error)) throw new ImportInProgressError();
    throw error;
  }
}

/**
 * The counts after one more committed chunk, written in that chunk's transaction. Throws if the
 * import is no longer RUNNING (closed meanwhile as abandoned), rolling the chunk back with it.
 */
export async function saveImportProgress(
  tx: Tx,
  {
    id,
    counts,
    ...options
  }: { id: string; counts: ImportCounts; errors?: ImportLineError[]; finished?: boolean },
): Promise<void> {
  const { count } = await tx.contactImport.updateMany({
    where: { id, status: 'RUNNING' },
    data: {
      ...counts,
      ...(options.errors ? { errors: options.errors } : {}),
      ...(options.finished ? { status: 'COMPLETED' as const, finishedAt: new Date() } : {}),
    },
  });
  if (count !== 1) throw new Error(`contact import ${id} is no longer running`);
}

/** Closes the import as FAILED with the reason; the committed chunks (and their counts) stay. */
export async function failContactImport(
  tx: Tx,
  { id, reason }: { id: string; reason: string },
): Promise<ContactImportView | null> {
  await tx.contactImport.updateMany({
    where: { id, status: 'RUNNING' },
    data: { status: 'FAILED', failureReason: reason.slice(0, 1000), finishedAt: new Date() },
  });
  const row = await tx.contactImport.findUnique({ where: { id }, select: contactImportSelect });
  return row ? toImportView(row) : null;
}
