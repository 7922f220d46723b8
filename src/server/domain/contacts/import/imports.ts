// The record of each CSV import, so an operator sees what happened: totals and the rejected lines
// (written as the import runs: see import-progress.ts).
import type { Tx } from '../../../db/tx';
import type { Prisma } from '../../../db/generated/client';
import { NotFoundError } from '../../errors';

export const contactImportSelect = {
  id: true,
  fileName: true,
  status: true,
  totalRows: true,
  created: true,
  updated: true,
  rejected: true,
  failureReason: true,
  defaultCountry: true,
  createdBy: true,
  startedAt: true,
  finishedAt: true,
  errors: true,
} as const;

type Row = Prisma.ContactImportGetPayload<{ select: typeof contactImportSelect }>;
export type ContactImportView = Omit<Row, 'errors'> & {
  errors: { line: number; reason: string }[];
};

function lineErrors(value: unknown): { line: number; reason: string }[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (e): e is { line: number; reason: string } =>
      typeof (e as { line?: unknown })?.line === 'number' &&
      typeof (e as { reason?: unknown })?.reason === 'string',
  );
}

export const toImportView = (row: Row): ContactImportView => ({
  ...row,
  errors: lineErrors(row.errors),
});

/** Newest first; the per-line errors are left out of the list (see getContactImport). */
export async function listContactImports(tx: Tx, page: { limit: number; cursor?: string }) {
  const rows = await tx.contactImport.findMany({
    orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
    take: page.limit + 1,
    ...(page.cursor ? { cursor: { id: page.cursor }, skip: 1 } : {}),
    select: { ...contactImportSelect, errors: false },
  });
  const items = rows.slice(0, page.limit);
  return {
    items,
    nextCursor: rows.length > page.limit ? (items[items.length - 1]?.id ?? null) : null,
  };
}

export async function getContactImport(tx: Tx, { id }: { id: string }): Promise<ContactImportView> {
  const row = await tx.contactImport.findUnique({ where: { id }, select: contactImportSelect });
  if (!row) throw new NotFoundError('import not found');
  return toImportView(row);
}
