// Idempotency-Key records. How "in flight" is known without a second connection: the request
// takes a transaction-scoped advisory lock on (tenant, procedure, key) with pg_try_advisory_xact_lock
// inside the very transaction that runs the procedure. Another session asking for the same lock
// while it is held is told "in flight" at once; the lock ends with the transaction, and the
// stored response is an INSERT in that same transaction, so it exists if and only if the
// procedure's effects committed. A rolled-back attempt leaves nothing and may be retried.
import type { Tx } from '../../db/tx';
import { lockKeyHash } from '../../db/lock';

export const IDEMPOTENCY_TTL_HOURS = 24;

export type IdempotencyRef = { tenantId: string; scope: string; key: string };

export type IdempotencyStart =
  | { kind: 'fresh' }
  | { kind: 'replay'; response: string }
  | { kind: 'in_flight' }
  | { kind: 'input_mismatch' };

/** Claims the key for this transaction and reports what the caller must do. */
export async function beginIdempotentRequest(
  tx: Tx,
  { ref, requestHash }: { ref: IdempotencyRef; requestHash: string },
): Promise<IdempotencyStart> {
  const lockKey = lockKeyHash(`idempotency:${ref.tenantId}:${ref.scope}:${ref.key}`);
  const [lock] = await tx.$queryRaw<
    { locked: boolean }[]
  >`SELECT pg_try_advisory_xact_lock(${lockKey}) AS locked`;
  if (!lock?.locked) return { kind: 'in_flight' };
  // Read after the lock: a first request that committed just before is visible to this statement.
  const where = { tenantId_scope_key: { tenantId: ref.tenantId, scope: ref.scope, key: ref.key } };
  const stored = await tx.idempotencyKey.findUnique({
    where,
    select: { requestHash: true, response: true, expiresAt: true },
  });
  if (!stored) return { kind: 'fresh' };
  if (stored.expiresAt <= new Date()) {
    // Past its 24 h but not swept yet: the key is free again.
    await tx.idempotencyKey.delete({ where });
    return { kind: 'fresh' };
  }
  if (stored.requestHash !== requestHash) return { kind: 'input_mismatch' };
  return { kind: 'replay', response: stored.response };
}

/** Stores the response in the procedure's own transaction (call only after it succeeded). */
export async function saveIdempotentResponse(
  tx: Tx,
  { ref, requestHash, response }: { ref: IdempotencyRef; requestHash: string; response: string },
): Promise<void> {
  await tx.idempotencyKey.create({
    data: {
      tenantId: ref.tenantId,
      scope: ref.scope,
      key: ref.key,
      requestHash,
      response,
      expiresAt: new Date(Date.now() + IDEMPOTENCY_TTL_HOURS * 3600_000),
    },
  });
}

/** Cross-tenant sweep of expired records (run inside withSystemTx by the kernel sweep job). */
export async function sweepIdempotencyKeys(tx: Tx): Promise<number> {
  const { count } = await tx.idempotencyKey.deleteMany({
    where: { expiresAt: { lt: new Date() } },
  });
  return count;
}
