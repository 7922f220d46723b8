// Wallet-specific refusals. Both are conflicts with the reservation's state (409 at the API);
// callers that settle per message (campaign sends) can tell them apart by class.
import { ConflictError } from '../errors';

/** The reservation is no longer PENDING (settled, released or expired): nothing more may be debited. */
export class ReservationClosedError extends ConflictError {
  constructor(reservationKey: string, status: string) {
    super(`reservation ${reservationKey} is ${status}; it takes no more debits`, {
      reservationKey,
      status,
    });
  }
}

/** A debit would go beyond what the reservation still holds. */
export class ReservationExceededError extends ConflictError {
  constructor(reservationKey: string, requested: number, remaining: number) {
    super(`reservation ${reservationKey} holds ${remaining} more credits, ${requested} requested`, {
      reservationKey,
      requested,
      remaining,
    });
  }
}
