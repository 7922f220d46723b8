// The per-tenant wallet lock and the account row it guards. Every write to a tenant's wallet runs
// inside withWalletLock: reads (balance, reserved, an idempotency key already used?) and the
// write that depends on them happen one caller at a time, so refusals are clean domain errors
// and balance_after is exact. The database's CHECKs and triggers back the same rules without it.
import type { Tx } from '../../db/tx';
import { withLock } from '../../db/lock';
import { ValidationError } from '../errors';

export type AccountState = {
  tenantId: string;
  balance: number;
  reserved: number;
  available: number;
};

export const walletLockKey = (tenantId: string) => `wallet:${tenantId}`;

/** Largest single movement accepted: far below the 32-bit column limit, far above any real pack. */
export const MAX_CREDITS_PER_OPERATION = 100_000_000;

export async function withWalletLock<T>(
  tx: Tx,
  tenantId: string,
  fn: (account: AccountState) => Promise<T>,
): Promise<T> {
  return withLock(tx, walletLockKey(tenantId), async () => {
    // The account appears on first use; an empty one changes nothing (see credit_accounts_guard).
    await tx.$executeRaw`INSERT INTO credit_accounts (tenant_id) VALUES (${tenantId}::uuid) ON CONFLICT (tenant_id) DO NOTHING`;
    return fn(await readAccount(tx, { tenantId }));
  });
}

export async function readAccount(
  tx: Tx,
  { tenantId }: { tenantId: string },
): Promise<AccountState> {
  const row = await tx.creditAccount.findUnique({
    where: { tenantId },
    select: { balance: true, reserved: true },
  });
  const balance = row?.balance ?? 0;
  const reserved = row?.reserved ?? 0;
  return { tenantId, balance, reserved, available: balance - reserved };
}

/** Domain-level check for callers that bypass the API's zod (campaigns, the webhook handler). */
export function requireCredits(
  value: number,
  field: string,
  options: { allowNegative?: boolean } = {},
): void {
  const ok =
    Number.isSafeInteger(value) &&
    value !== 0 &&
    Math.abs(value) <= MAX_CREDITS_PER_OPERATION &&
    (options.allowNegative || value > 0);
  if (!ok) {
    const range = options.allowNegative ? 'a non-zero whole number' : 'a positive whole number';
    throw new ValidationError(
      `${field} must be ${range} of credits up to ${MAX_CREDITS_PER_OPERATION}`,
      { field, value },
    );
  }
}

export function requireKey(value: string, field: string): void {
  if (!/^[\x21-\x7e]{1,255}$/.test(value))
    throw new ValidationError(`${field} must be 1-255 visible ASCII characters`, { field });
}
