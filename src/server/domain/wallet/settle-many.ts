// Many debits against one reservation in one statement: what a campaign batch needs (hundreds of
// messages, one DEBIT row each) without one wallet-lock round trip per message. Same rules as
// settleReservation: once per debit key, never beyond what the reservation still holds.
import type { Tx } from '../../db/tx';
import { ConflictError, NotFoundError } from '../errors';
import { requireCredits, requireKey, withWalletLock } from './account';
import { ReservationClosedError, ReservationExceededError } from './errors';
import { remainingOf } from './reservations';

export type DebitLine = { debitKey: string; amount: number; description: string };
export type SettleManyResult = {
  created: number;
  alreadyDebited: number;
  credits: number;
  remaining: number;
};

/**
 * Writes one DEBIT per line not debited before, in line order, with exact running balances.
 * A key already used for the same debit is skipped (a replayed batch); for anything else, a
 * conflict. Throws before writing when the reservation is closed or cannot cover the new lines.
 */
export async function settleReservationMany(
  tx: Tx,
  input: { tenantId: string; reservationKey: string; debits: DebitLine[] },
): Promise<SettleManyResult> {
  requireKey(input.reservationKey, 'reservationKey');
  for (const d of input.debits) {
    requireKey(d.debitKey, 'debitKey');
    requireCredits(d.amount, 'amount');
  }
  if (new Set(input.debits.map((d) => d.debitKey)).size !== input.debits.length) {
    throw new ConflictError('the same debit key appears twice in one settlement');
  }
  return withWalletLock(tx, input.tenantId, async (account) => {
    const reservation = await tx.creditReservation.findUnique({
      where: {
        tenantId_reservationKey: { tenantId: input.tenantId, reservationKey: input.reservationKey },
      },
      select: { id: true, status: true, amount: true, settledAmount: true },
    });
    if (!reservation) throw new NotFoundError(`reservation ${input.reservationKey} not found`);
    const keys = input.debits.map((d) => d.debitKey);
    const existing = keys.length
      ? await tx.creditTransaction.findMany({
          where: { tenantId: input.tenantId, idempotencyKey: { in: keys } },
          select: { idempotencyKey: true, kind: true, amount: true, reservationId: true },
        })
      : [];
    const byKey = new Map(existing.map((e) => [e.idempotencyKey, e]));
    const fresh: DebitLine[] = [];
    for (const d of input.debits) {
      const e = byKey.get(d.debitKey);
      if (!e) fresh.push(d);
      else if (e.kind !== 'DEBIT' || e.reservationId !== reservation.id || e.amount !== -d.amount) {
        throw new ConflictError(
          `debit key ${d.debitKey} was already used for a ${e.kind} of ${e.amount}`,
          { debitKey: d.debitKey },
        );
      }
    }
    const credits = fresh.reduce((sum, d) => sum + d.amount, 0);
    if (fresh.length === 0) {
      return {
        created: 0,
        alreadyDebited: existing.length,
        credits: 0,
        remaining: remainingOf(reservation),
      };
    }
    if (reservation.status !== 'PENDING')
      throw new ReservationClosedError(input.reservationKey, reservation.status);
    if (credits > remainingOf(reservation))
      throw new ReservationExceededError(input.reservationKey, credits, remainingOf(reservation));
    // Rows are inserted in ordinality order, each stating the balance after itself; the ledger
    // trigger checks every one against the account as it applies them.
    await tx.$executeRaw`
      INSERT INTO credit_transactions (tenant_id, idempotency_key, kind, amount, balance_after, reservation_id, description)
      SELECT ${input.tenantId}::uuid, d.key, 'DEBIT', -d.amount,
             ${account.balance}::int - sum(d.amount) OVER (ORDER BY d.ord), ${reservation.id}::uuid, d.description
        FROM unnest(${fresh.map((d) => d.debitKey)}::text[], ${fresh.map((d) => d.amount)}::int[], ${fresh.map((d) => d.description.slice(0, 500))}::text[])
             WITH ORDINALITY AS d(key, amount, description, ord)
       ORDER BY d.ord`;
    return {
      created: fresh.length,
      alreadyDebited: existing.length,
      credits,
      remaining: remainingOf(reservation) - credits,
    };
  });
}
