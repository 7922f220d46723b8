// Ledger writes: top-ups and admin adjustments, each exactly once per idempotency key. The
// insert itself moves the balance (credit_transactions_apply trigger), so a row and its effect
// can never be apart.
import type { Tx } from '../../db/tx';
import type { CreditTransactionKind } from '../../db/generated/enums';
import type { Actor } from '../audit/actor';
import { recordAudit } from '../audit/record';
import { ConflictError, InsufficientCreditError } from '../errors';
import { requireCredits, requireKey, withWalletLock, type AccountState } from './account';

export const ledgerEntrySelect = {
  id: true,
  kind: true,
  amount: true,
  balanceAfter: true,
  idempotencyKey: true,
  description: true,
  reservationId: true,
  createdAt: true,
} as const;

export type LedgerEntry = {
  id: string;
  kind: CreditTransactionKind;
  amount: number;
  balanceAfter: number;
  idempotencyKey: string;
  description: string;
  reservationId: string | null;
  createdAt: Date;
};

export type LedgerWrite = { entry: LedgerEntry; created: boolean };

export async function findLedgerEntry(
  tx: Tx,
  { tenantId, idempotencyKey }: { tenantId: string; idempotencyKey: string },
): Promise<LedgerEntry | null> {
  return tx.creditTransaction.findUnique({
    where: { tenantId_idempotencyKey: { tenantId, idempotencyKey } },
    select: ledgerEntrySelect,
  });
}

/** Under the wallet lock only: `account` must be the state read under it. */
export async function appendLedgerEntry(
  tx: Tx,
  {
    account,
    ...input
  }: {
    account: AccountState;
    idempotencyKey: string;
    kind: CreditTransactionKind;
    amount: number;
    reservationId?: string;
    description?: string;
    actorId?: string | null;
  },
): Promise<LedgerEntry> {
  return tx.creditTransaction.create({
    data: {
      tenantId: account.tenantId,
      idempotencyKey: input.idempotencyKey,
      kind: input.kind,
      amount: input.amount,
      balanceAfter: account.balance + input.amount,
      reservationId: input.reservationId ?? null,
      description: input.description ?? '',
      actorId: input.actorId ?? null,
    },
    select: ledgerEntrySelect,
  });
}

/** A key reused for a different movement is a bug in the caller, never a silent replay. */
function assertSameMovement(
  existing: LedgerEntry,
  kind: CreditTransactionKind,
  amount: number,
): void {
  if (existing.kind !== kind || existing.amount !== amount) {
    throw new ConflictError(
      `idempotency key ${existing.idempotencyKey} was already used for a ${existing.kind} of ${existing.amount}`,
      {
        idempotencyKey: existing.idempotencyKey,
        kind: existing.kind,
        amount: existing.amount,
      },
    );
  }
}

export type CreditTopUpInput = {
  tenantId: string;
  idempotencyKey: string;
  credits: number;
  description?: string;
  actorId?: string | null;
};

/** Adds purchased credits once per key (the Stripe handler uses `stripe:<event id>`). */
export async function creditTopUp(tx: Tx, input: CreditTopUpInput): Promise<LedgerWrite> {
  requireKey(input.idempotencyKey, 'idempotencyKey');
  requireCredits(input.credits, 'credits');
  return withWalletLock(tx, input.tenantId, async (account) => {
    const existing = await findLedgerEntry(tx, {
      tenantId: input.tenantId,
      idempotencyKey: input.idempotencyKey,
    });
    if (existing) {
      assertSameMovement(existing, 'TOPUP', input.credits);
      return { entry: existing, created: false };
    }
    const entry = await appendLedgerEntry(tx, {
      account,
      idempotencyKey: input.idempotencyKey,
      kind: 'TOPUP',
      amount: input.credits,
      description: input.description,
      actorId: input.actorId,
    });
    return { entry, created: true };
  });
}

export type AdjustCreditsInput = {
  actor: Actor;
  idempotencyKey: string;
  amount: number;
  reason: string;
};

/**
 * An operator's correction, signed, with its reason in the ledger and the audit trail. A negative
 * adjustment may only take what is available (reserved credits stay promised).
 */
export async function adjustCredits(tx: Tx, input: AdjustCreditsInput): Promise<LedgerWrite> {
  requireKey(input.idempotencyKey, 'idempotencyKey');
  requireCredits(input.amount, 'amount', { allowNegative: true });
  const { tenantId } = input.actor;
  return withWalletLock(tx, tenantId, async (account) => {
    const existing = await findLedgerEntry(tx, { tenantId, idempotencyKey: input.idempotencyKey });
    if (existing) {
      assertSameMovement(existing, 'ADJUSTMENT', input.amount);
      return { entry: existing, created: false };
    }
    if (input.amount < 0 && account.available < -input.amount)
      throw new InsufficientCreditError(-input.amount, account.available);
    const entry = await appendLedgerEntry(tx, {
      account,
      idempotencyKey: input.idempotencyKey,
      kind: 'ADJUSTMENT',
      amount: input.amount,
      description: input.reason,
      actorId: input.actor.userId,
    });
    await recordAudit(tx, {
      tenantId,
      actorId: input.actor.userId,
      action: 'wallet.adjusted',
      subject: `credit_transaction:${entry.id}`,
      detail: { amount: input.amount, reason: input.reason, balanceAfter: entry.balanceAfter },
    });
    return { entry, created: true };
  });
}
