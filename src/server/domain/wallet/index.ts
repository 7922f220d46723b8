// The wallet's public API (composition only). Every function takes the transaction it runs in;
// writes take the tenant's wallet lock themselves, so callers need not (and may already hold it).
export {
  walletLockKey,
  withWalletLock,
  MAX_CREDITS_PER_OPERATION,
  type AccountState,
} from './account';
export { listStatement, type StatementLine, type StatementFilter } from './statement';
export { getWalletSummary, listLedger, type WalletSummary, type LedgerPage } from './summary';
export {
  creditTopUp,
  adjustCredits,
  type LedgerEntry,
  type LedgerWrite,
  type CreditTopUpInput,
  type AdjustCreditsInput,
} from './ledger';
export {
  reserveCredits,
  settleReservation,
  releaseReservation,
  expireReservations,
  listOpenReservations,
  getAvailableCredits,
  remainingOf,
  type Reservation,
  type ReserveCreditsInput,
  type SettleReservationInput,
  type SettleResult,
  type CloseResult,
  type ExpireResult,
} from './reservations';
export { settleReservationMany, type DebitLine, type SettleManyResult } from './settle-many';
export { ReservationClosedError, ReservationExceededError } from './errors';
export { checkLedgerInvariants, type LedgerViolation } from './invariants';
export {
  CREDIT_PACKS,
  CREDIT_PACK_IDS,
  findCreditPack,
  type CreditPack,
  type CreditPackId,
} from './packs';
export {
  startTopUp,
  listCheckouts,
  completeSimulatedCheckout,
  isCheckoutSimulated,
} from './top-up';
export { applyCheckoutPayment, type CheckoutPaymentOutcome } from './checkout-payment';
