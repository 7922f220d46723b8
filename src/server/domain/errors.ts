// Domain errors. The tRPC layer maps them to HTTP-ish codes in one place (trpc/errors.ts);
// domain code never throws TRPCError.
export class DomainError extends Error {
  constructor(
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Also used for another tenant's ids, so they cannot be probed. */
export class NotFoundError extends DomainError {}
export class ConflictError extends DomainError {}
export class ValidationError extends DomainError {}
export class ForbiddenError extends DomainError {}
/** The request is well-formed but a state it relies on does not hold (no recording consent): HTTP 412. */
export class PreconditionFailedError extends DomainError {}
/** Too many tries of something guessable (a password): nothing was done; wait and retry. */
export class TooManyAttemptsError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message, { retryAfterSeconds });
  }
}
// Raised by withLock in the db layer; re-exported so domain callers find every error here.
export { LockTimeoutError } from '../db/lock';
/** The wallet cannot cover an amount: nothing was reserved or debited. details: { required, available }. */
export class InsufficientCreditError extends DomainError {
  constructor(
    readonly required: number,
    readonly available: number,
  ) {
    super(`not enough credits: ${required} required, ${available} available`, {
      required,
      available,
    });
  }
}
