// The one place domain errors become tRPC errors (and so HTTP statuses).
import { TRPCError } from '@trpc/server';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  InsufficientCreditError,
  LockTimeoutError,
  NotFoundError,
  PreconditionFailedError,
  TooManyAttemptsError,
  ValidationError,
} from '../domain/errors';
import { ContactImportFailedError, ImportTooLargeError } from '../domain/contacts/errors';
import { AnswererUnavailableError } from '../domain/answering/errors';
import { SpeechBusyError, SpeechFailedError } from '../domain/speech/errors';

const PG_RETRYABLE = new Set(['40001', '40P01', '55P03']); // serialization, deadlock, lock timeout

export function toTRPCError(error: unknown): TRPCError | null {
  if (
    error instanceof TRPCError &&
    !(error.cause instanceof DomainError || error.cause instanceof LockTimeoutError)
  )
    return null;
  const cause = error instanceof TRPCError ? error.cause : error;
  if (cause instanceof LockTimeoutError)
    return new TRPCError({ code: 'CONFLICT', message: cause.message, cause });
  if (cause instanceof NotFoundError)
    return new TRPCError({ code: 'NOT_FOUND', message: cause.message, cause });
  if (cause instanceof ConflictError)
    return new TRPCError({ code: 'CONFLICT', message: cause.message, cause });
  // 413: over a size or row cap; a FAILED import answers as the refusal it records.
  if (
    cause instanceof ImportTooLargeError ||
    (cause instanceof ContactImportFailedError && cause.refusal instanceof ImportTooLargeError)
  )
    return new TRPCError({ code: 'PAYLOAD_TOO_LARGE', message: cause.message, cause });
  if (cause instanceof ValidationError)
    return new TRPCError({ code: 'BAD_REQUEST', message: cause.message, cause });
  if (cause instanceof ForbiddenError)
    return new TRPCError({ code: 'FORBIDDEN', message: cause.message, cause });
  if (cause instanceof TooManyAttemptsError)
    return new TRPCError({ code: 'TOO_MANY_REQUESTS', message: cause.message, cause });
  // 412: the request is fine but a state it needs is not (the wallet: details carry
  // { required, available }; a lead without recording consent).
  if (cause instanceof InsufficientCreditError || cause instanceof PreconditionFailedError)
    return new TRPCError({ code: 'PRECONDITION_FAILED', message: cause.message, cause });
  // 503: the request is fine; the answering or speech engine cannot serve it now.
  if (
    cause instanceof AnswererUnavailableError ||
    cause instanceof SpeechBusyError ||
    cause instanceof SpeechFailedError
  )
    return new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: cause.message, cause });
  if (cause instanceof DomainError)
    return new TRPCError({ code: 'BAD_REQUEST', message: cause.message, cause });
  const code = (cause as { code?: unknown } | undefined)?.code;
  const meta = (
    cause as { meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } } | undefined
  )?.meta;
  const pgCode =
    meta?.driverAdapterError?.cause?.originalCode ?? (typeof code === 'string' ? code : undefined);
  if (pgCode && PG_RETRYABLE.has(pgCode)) {
    return new TRPCError({
      code: 'CONFLICT',
      message: 'concurrent update, retry the request',
      cause,
    });
  }
  return null;
}
