// Reservations: credits promised to work that will be debited later (a campaign reserves for its
// recipients, settles per message sent, releases the rest when it ends). Every operation is
// idempotent per key and runs under the tenant's wallet lock.
import type { Tx } from '../../db/tx';
import type { CreditReservationStatus } from '../../db/generated/enums';
import { withLock } from '../../db/lock';
import { ConflictError, InsufficientCreditError, NotFoundError, ValidationError } from '../errors';
import { readAccount, requireCredits, requireKey, walletLockKey, withWalletLock } from './account';
import { appendLedgerEntry, findLedgerEntry, type LedgerEntry } from './ledger';
import { ReservationClosedError, ReservationExceededError } from './errors';

export const reservationSelect = {
  id: true,
  reservationKey: true,
  amount: true,
  settledAmount: true,
  releasedAmount: true,
  status: true,
  purpose: true,
  subject: true,
  expiresAt: true,
  createdAt: true,
  closedAt: true,
} as const;

export type Reservation = {
  id: string;
  reservationKey: string;
  amount: number;
  settledAmount: number;
  releasedAmount: number;
  status: CreditReservationStatus;
  purpose: string;
  subject: string;
  expiresAt: Date;
  createdAt: Date;
  closedAt: Date | null;
};

/** What a reservation still holds for debits (0 once closed). */
export const remainingOf = (r: Pick<Reservation, 'status' | 'amount' | 'settledAmount'>) =>
  r.status === 'PENDING' ? r.amount - r.settledAmount : 0;

async function findReservation(
  tx: Tx,
  tenantId: string,
  reservationKey: string,
): Promise<Reservation | null> {
  return tx.creditReservation.findUnique({
    where: { tenantId_reservationKey: { tenantId, reservationKey } },
    select: reservationSelect,
  });
}

export type ReserveCreditsInput = {
  tenantId: string;
  reservationKey: string;
  amount: number;
  expiresAt: Date;
  /** What kind of work holds it ('campaign'); shown on the wallet page. */
  purpose: string;
  /** Which piece of work ('campaign:<id>'). */
  subject: string;
};

/**
 * Sets credits aside. The same key returns the existing reservation (whatever its state) instead
 * of reserving twice; a key reused with another amount is a conflict. When available < amount it
 * throws InsufficientCreditError and writes nothing.
 */
export async function reserveCredits(
  tx: Tx,
  input: ReserveCreditsInput,
): Promise<{ reservation: Reservation; created: boolean }> {
  requireKey(input.reservationKey, 'reservationKey');
  requireCredits(input.amount, 'amount');
  if (
    !(input.expiresAt instanceof Date) ||
    Number.isNaN(input.expiresAt.getTime()) ||
    input.expiresAt.getTime() <= Date.now()
  ) {
    throw new ValidationError('expiresAt must be a time in the future', { field: 'expiresAt' });
  }
  const purpose = input.purpose.trim().slice(0, 100);
  const subject = input.subject.trim().slice(0, 255);
  if (!purpose || !subject)
    throw new ValidationError('purpose and subject are required', {
      field: !purpose ? 'purpose' : 'subject',
    });
  return withWalletLock(tx, input.tenantId, async (account) => {
    const existing = await findReservation(tx, input.tenantId, input.reservationKey);
    if (existing) {
      if (existing.amount !== input.amount) {
        throw new ConflictError(
          `reservation key ${input.reservationKey} already holds ${existing.amount} credits`,
          { reservationKey: input.reservationKey, amount: existing.amount },
        );
      }
      return { reservation: existing, created: false };
    }
    if (account.available < input.amount)
      throw new InsufficientCreditError(input.amount, account.available);
    const reservation = await tx.creditReservation.create({
      data: {
        tenantId: input.tenantId,
        reservationKey: input.reservationKey,
        amount: input.amount,
        expiresAt: input.expiresAt,
        purpose,
        subject,
      },
      select: reservationSelect,
    });
    return { reservation, created: true };
  });
}

export type SettleReservationInput = {
  tenantId: string;
  reservationKey: string;
  /** One DEBIT per key, ever: a campaign uses one per recipient ('sms:<recipient id>'). */
  debitKey: string;
  amount: number;
  description?: string;
};

export type SettleResult = {
  entry: LedgerEntry;
  reservation: Reservation;
  remaining: number;
  created: boolean;
};

/**
 * Debits `amount` against the reservation, exactly once per debitKey and never beyond what the
 * reservation still holds. A repeated debitKey returns the first debit unchanged.
 */
export async function settleReservation(
  tx: Tx,
  input: SettleReservationInput,
): Promise<SettleResult> {
  requireKey(input.reservationKey, 'reservationKey');
  requireKey(input.debitKey, 'debitKey');
  requireCredits(input.amount, 'amount');
  return withWalletLock(tx, input.tenantId, async (account) => {
    const reservation = await findReservation(tx, input.tenantId, input.reservationKey);
    if (!reservation) throw new NotFoundError(`reservation ${input.reservationKey} not found`);
    const existing = await findLedgerEntry(tx, {
      tenantId: input.tenantId,
      idempotencyKey: input.debitKey,
    });
    if (existing) {
      if (
        existing.kind !== 'DEBIT' ||
        existing.reservationId !== reservation.id ||
        existing.amount !== -input.amount
      ) {
        throw new ConflictError(
          `debit key ${input.debitKey} was already used for a ${existing.kind} of ${existing.amount}`,
          { debitKey: input.debitKey },
        );
      }
      return { entry: existing, reservation, remaining: remainingOf(reservation), created: false };
    }
    if (reservation.status !== 'PENDING')
      throw new ReservationClosedError(input.reservationKey, reservation.status);
    const remaining = remainingOf(reservation);
    if (input.amount > remaining)
      throw new ReservationExceededError(input.reservationKey, input.amount, remaining);
    // The DEBIT row's trigger raises settled_amount on the reservation and lowers the balance.
    const entry = await appendLedgerEntry(tx, {
      account,
      idempotencyKey: input.debitKey,
      kind: 'DEBIT',
      amount: -input.amount,
      reservationId: reservation.id,
      description: input.description ?? reservation.subject,
    });
    const after = { ...reservation, settledAmount: reservation.settledAmount + input.amount };
    return { entry, reservation: after, remaining: remainingOf(after), created: true };
  });
}

export type CloseResult = { reservation: Reservation; released: number; changed: boolean };

/** The terminal state for a reservation closed with `settled` of `amount` consumed. */
const closedStatus = (
  r: Reservation,
  otherwise: 'RELEASED' | 'EXPIRED',
): CreditReservationStatus => (r.settledAmount === r.amount ? 'SETTLED' : otherwise);

async function closeReservation(
  tx: Tx,
  reservation: Reservation,
  otherwise: 'RELEASED' | 'EXPIRED',
  now: Date,
): Promise<Reservation> {
  return tx.creditReservation.update({
    where: { id: reservation.id },
    data: {
      status: closedStatus(reservation, otherwise),
      releasedAmount: reservation.amount - reservation.settledAmount,
      closedAt: now,
    },
    select: reservationSelect,
  });
}

/**
 * Hands the unsettled rest back, once: SETTLED when everything was consumed, else RELEASED.
 * Releasing a closed reservation again changes nothing (changed: false).
 */
export async function releaseReservation(
  tx: Tx,
  input: { tenantId: string; reservationKey: string },
): Promise<CloseResult> {
  requireKey(input.reservationKey, 'reservationKey');
  return withWalletLock(tx, input.tenantId, async () => {
    const reservation = await findReservation(tx, input.tenantId, input.reservationKey);
    if (!reservation) throw new NotFoundError(`reservation ${input.reservationKey} not found`);
    if (reservation.status !== 'PENDING') return { reservation, released: 0, changed: false };
    const closed = await closeReservation(tx, reservation, 'RELEASED', new Date());
    return { reservation: closed, released: closed.releasedAmount, changed: true };
  });
}

export type ExpireResult = {
  expired: number;
  settled: number;
  releasedCredits: number;
  tenants: number;
  hasMore: boolean;
};

const EXPIRE_BATCH = 500;

/**
 * The sweep: PENDING reservations past expires_at close as EXPIRED (or SETTLED if fully used),
 * their rest released. Under withSystemTx it covers every tenant; under a tenant transaction
 * (a reconciler's "now"), RLS narrows it to that tenant. Tenants are locked in a fixed order,
 * so concurrent sweeps cannot deadlock; each candidate is re-read under its tenant's lock.
 */
export async function expireReservations(
  tx: Tx,
  input: { now: Date; limit?: number },
): Promise<ExpireResult> {
  const { now } = input;
  const limit = Math.max(1, Math.min(input.limit ?? EXPIRE_BATCH, EXPIRE_BATCH));
  const candidates = await tx.creditReservation.findMany({
    where: { status: 'PENDING', expiresAt: { lte: now } },
    orderBy: { expiresAt: 'asc' },
    take: limit + 1,
    select: { tenantId: true, reservationKey: true },
  });
  const batch = candidates.slice(0, limit);
  const byTenant = new Map<string, string[]>();
  for (const c of batch)
    byTenant.set(c.tenantId, [...(byTenant.get(c.tenantId) ?? []), c.reservationKey]);
  const result: ExpireResult = {
    expired: 0,
    settled: 0,
    releasedCredits: 0,
    tenants: 0,
    hasMore: candidates.length > limit,
  };
  for (const tenantId of [...byTenant.keys()].sort()) {
    await withLock(tx, walletLockKey(tenantId), async () => {
      let touched = false;
      for (const key of byTenant.get(tenantId) ?? []) {
        const current = await findReservation(tx, tenantId, key);
        if (!current || current.status !== 'PENDING' || current.expiresAt.getTime() > now.getTime())
          continue;
        const closed = await closeReservation(tx, current, 'EXPIRED', now);
        touched = true;
        if (closed.status === 'SETTLED') result.settled += 1;
        else result.expired += 1;
        result.releasedCredits += closed.releasedAmount;
      }
      if (touched) result.tenants += 1;
    });
  }
  return result;
}

/** Open reservations, newest first, with what each still holds. */
export async function listOpenReservations(tx: Tx, { tenantId }: { tenantId: string }) {
  const rows = await tx.creditReservation.findMany({
    where: { tenantId, status: 'PENDING' },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: 200,
    select: reservationSelect,
  });
  return rows.map((r) => ({ ...r, remaining: remainingOf(r) }));
}

/** For callers that only need the balance check without reserving (e.g. a launch preview). */
export async function getAvailableCredits(
  tx: Tx,
  { tenantId }: { tenantId: string },
): Promise<number> {
  return (await readAccount(tx, { tenantId })).available;
}
