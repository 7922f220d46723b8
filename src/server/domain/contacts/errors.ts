import { ConflictError, ValidationError } from '../errors';
import type { ContactImportView } from './import/imports';

/** Shaped like zod's flattened field errors, so a form shows it next to the phone field. */
export const duplicatePhoneError = () =>
  new ConflictError('a contact with this phone number already exists', {
    fieldErrors: { phone: ['a contact with this phone number already exists'] },
  });

/** Prisma's unique violation (P2002), raised natively or through the pg driver adapter. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as {
    code?: unknown;
    meta?: { driverAdapterError?: { cause?: { originalCode?: string; kind?: string } } };
  } | null;
  if (e?.code === 'P2002') return true;
  const cause = e?.meta?.driverAdapterError?.cause;
  return cause?.originalCode === '23505' || cause?.kind === 'UniqueConstraintViolation';
}

/** The upload is over the size or row cap: refused as a whole (HTTP 413), nothing kept. */
export class ImportTooLargeError extends ValidationError {}
/** The file cannot be imported at all (no header, no phone column, broken quoting): HTTP 400. */
export class ImportRejectedError extends ValidationError {}
/** Another import of this tenant is still RUNNING (HTTP 409): one at a time per tenant. */
export class ImportInProgressError extends ConflictError {
  constructor() {
    super(
      'another contact import of this workspace is still running; try again when it has finished',
    );
  }
}
/**
 * An import refused part-way (or at once): recorded FAILED with the reason, the chunks committed
 * before the refusal kept. `refusal` says which kind (413 or 400), `record` what was kept.
 */
export class ContactImportFailedError extends ValidationError {
  constructor(
    readonly refusal: ImportTooLargeError | ImportRejectedError,
    readonly record: ContactImportView,
  ) {
    super(refusal.message, { importId: record.id });
  }
}
