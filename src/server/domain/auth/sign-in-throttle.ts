// Password guessing is slowed per account and per client address. Each key may fail a few times
// for free; every further failure locks it for twice as long as the last (1 s, 2 s, 4 s … at most
// 15 min), and a quiet day forgets it. The account key is a hash of the e-mail as typed, whether
// or not an account has it, so a locked answer says nothing about who has an account.
// Attempts on one key run one at a time (its row is locked for the attempt), so a burst of
// parallel guesses cannot all slip in before the first failure is counted.
import { createHash } from 'node:crypto';
import type { Tx } from '../../db/tx';

export const ACCOUNT_FREE_FAILURES = 5;
export const ADDRESS_FREE_FAILURES = 30;
export const MAX_LOCK_SECONDS = 15 * 60;

export type SignInKeys = { account: string; address: string };

export function signInKeys(email: string, address: string): SignInKeys {
  const digest = createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
  return { account: `account:${digest}`, address: `address:${address.slice(0, 60) || 'unknown'}` };
}

/**
 * Locks both rows for this attempt (creating them when new, forgetting a day-old record) and
 * answers how long the caller must still wait: 0 when it may try.
 */
export async function beginSignInAttempt(tx: Tx, keys: SignInKeys): Promise<number> {
  const rows = await tx.$queryRaw<{ wait: number }[]>`
    INSERT INTO sign_in_throttles AS t (key) VALUES (${keys.account}), (${keys.address})
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN t.last_failure_at < now() - interval '1 day' THEN 0 ELSE t.failures END,
      locked_until = CASE WHEN t.last_failure_at < now() - interval '1 day' THEN NULL ELSE t.locked_until END
    RETURNING greatest(0, ceil(extract(epoch FROM coalesce(locked_until, now()) - now())))::int AS wait`;
  return Math.max(0, ...rows.map((r) => r.wait));
}

/** A wrong password (or no such account): both keys count it; past the free ones they lock. */
export async function recordSignInFailure(tx: Tx, keys: SignInKeys): Promise<void> {
  await tx.$executeRaw`
    UPDATE sign_in_throttles AS t SET
      failures = t.failures + 1,
      last_failure_at = now(),
      locked_until = CASE WHEN t.failures + 1 > f.free
        THEN now() + least(${MAX_LOCK_SECONDS}::int, power(2, least(t.failures - f.free, 20))) * interval '1 second'
        ELSE NULL END
    FROM (VALUES (${keys.account}, ${ACCOUNT_FREE_FAILURES}::int), (${keys.address}, ${ADDRESS_FREE_FAILURES}::int)) AS f(key, free)
    WHERE t.key = f.key`;
}

/** The right password clears the account's record; the address keeps its count. */
export async function recordSignInSuccess(tx: Tx, keys: SignInKeys): Promise<void> {
  await tx.$executeRaw`
    DELETE FROM sign_in_throttles WHERE key = ${keys.account}`;
}

/** Daily sweep: keys quiet for a day are forgotten anyway (beginSignInAttempt resets them). */
export async function sweepSignInThrottles(tx: Tx): Promise<number> {
  return tx.$executeRaw`
    DELETE FROM sign_in_throttles
     WHERE coalesce(last_failure_at, '-infinity') < now() - interval '1 day'
       AND (locked_until IS NULL OR locked_until < now())`;
}
