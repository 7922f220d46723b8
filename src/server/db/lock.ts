// Transaction-scoped advisory locks on readable keys: released on commit or rollback, so they
// work behind a transaction-pooling PgBouncer and can never leak.
import { createHash } from 'node:crypto';
import type { Tx } from './tx';
import { getMetrics } from '../obs/metrics';

/** A bounded lock wait expired; the caller may retry (the API answers 409). */
export class LockTimeoutError extends Error {
  constructor(readonly key: string) {
    super(`resource is busy (${key}), retry shortly`);
    this.name = 'LockTimeoutError';
  }
}

/** 64-bit signed key from the first 8 bytes of SHA-256 of the readable key. */
export function lockKeyHash(key: string): bigint {
  return createHash('sha256').update(key).digest().readBigInt64BE(0);
}

export async function withLock<T>(
  tx: Tx,
  key: string,
  fn: () => Promise<T>,
  options: { waitMs?: number } = {},
): Promise<T> {
  const waitMs = Math.max(1, Math.floor(options.waitMs ?? 5_000));
  const hash = lockKeyHash(key);
  const started = performance.now();
  const waited = () => (performance.now() - started) / 1000;
  // Uncontended (the usual case) costs one round trip; only a lock held by someone else pays
  // for the bounded wait below (three: set the timeout, wait, reset it).
  const [free] = await tx.$queryRaw<
    { locked: boolean }[]
  >`SELECT pg_try_advisory_xact_lock(${hash}) AS locked`;
  if (free?.locked) {
    getMetrics().lockWait.observe({ outcome: 'acquired' }, waited());
    return fn();
  }
  // lock_timeout bounds the wait; SET LOCAL ends with the transaction.
  await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = '${waitMs}ms'`);
  try {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${hash})`;
    getMetrics().lockWait.observe({ outcome: 'acquired' }, waited());
  } catch (error) {
    if (isLockTimeout(error)) {
      getMetrics().lockWait.observe({ outcome: 'timeout' }, waited());
      throw new LockTimeoutError(key);
    }
    throw error;
  } finally {
    await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = 0`).catch(() => undefined);
  }
  return fn();
}

function isLockTimeout(error: unknown): boolean {
  const text = String((error as { message?: string })?.message ?? error);
  return text.includes('55P03') || text.includes('lock timeout');
}
