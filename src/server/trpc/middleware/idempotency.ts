// Idempotency-Key on mutations: same key + same input → the stored response without running
// again; same key + other input → 422; same key while the first is still running → 409.
// Only successful responses are stored; a failed call may be retried. Two modes, by tier:
//   * on a tenant procedure (ctx.tx) it works inside the procedure's transaction (see
//     domain/idempotency/records.ts for why that makes the in-flight check and the stored
//     response exact: the response exists if and only if the procedure's effects committed);
//   * on a procedure without a transaction (adminOutboundProcedure, which calls a provider) it
//     checks the key in a short transaction before, and stores the response in another after.
//     The procedure's effects commit in between, so it must be idempotent on its own (a crash
//     before the response is stored makes the retry run it again): e.g. startTopUp passes a
//     key-derived Idempotency-Key to Stripe and upserts by the session. "In flight" then covers
//     only those short transactions; a twin that races past them gets the same answer anyway.
import { TRPCError } from '@trpc/server';
import { middlewareMarker } from '@trpc/server/unstable-core-do-not-import';
import { t } from '../base';
import { withTenantTx, type Tx } from '../../db/tx';
import {
  beginIdempotentRequest,
  saveIdempotentResponse,
  type IdempotencyStart,
} from '../../domain/idempotency/records';
import { hashRequest } from '../../domain/idempotency/request-hash';
import { getMetrics } from '../../obs/metrics';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** Visible ASCII, 1-255 characters: UUIDs, ULIDs and the like. */
const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;

/** The tenant tiers narrow ctx at runtime; t.middleware only knows the base context type. */
function tenantScopeOf(ctx: object): { tx: Tx | undefined; tenantId: string } {
  const scoped = ctx as Partial<{ tx: Tx; tenantId: string }>;
  if (!scoped.tenantId) throw new Error('idempotency() must be used on a tenant procedure');
  return { tx: scoped.tx, tenantId: scoped.tenantId };
}

/** What a non-fresh start answers: the stored response, or a refusal. */
function answerFor(start: Exclude<IdempotencyStart, { kind: 'fresh' }>, path: string) {
  const metrics = getMetrics();
  if (start.kind === 'in_flight') {
    metrics.idempotencyConflicts.inc({ procedure: path, reason: 'in_flight' });
    throw new TRPCError({
      code: 'CONFLICT',
      message: 'a request with this Idempotency-Key is still in progress; retry shortly',
    });
  }
  if (start.kind === 'input_mismatch') {
    metrics.idempotencyConflicts.inc({ procedure: path, reason: 'input_mismatch' });
    throw new TRPCError({
      code: 'UNPROCESSABLE_CONTENT',
      message: 'this Idempotency-Key was already used with a different input',
    });
  }
  metrics.idempotencyReplays.inc({ procedure: path });
  // Not calling next(): the procedure does not run again. The stored text is what
  // JSON.stringify produced the first time, and tRPC serializes the parsed value back to it.
  const data: unknown = start.response === '' ? undefined : JSON.parse(start.response);
  return { ok: true as const, data, marker: middlewareMarker };
}

/** '' stands for a procedure that returned nothing (JSON has no "undefined"). */
const serialize = (data: unknown) => (data === undefined ? '' : JSON.stringify(data));

export function idempotency(options: { required?: boolean } = {}) {
  return t.middleware(async ({ ctx, type, path, next, getRawInput }) => {
    if (type !== 'mutation') return next();
    const key = ctx.headers.get(IDEMPOTENCY_HEADER);
    if (key === null) {
      if (!options.required) return next();
      throw new TRPCError({
        code: 'BAD_REQUEST',
        message: `${path} requires an Idempotency-Key header: a unique value per intended operation, sent again unchanged when retrying it`,
      });
    }
    if (!KEY_FORMAT.test(key)) {
      throw new TRPCError({
        code: 'BAD_REQUEST',
        message: 'Idempotency-Key must be 1-255 visible ASCII characters',
      });
    }
    const { tx, tenantId } = tenantScopeOf(ctx);
    const ref = { tenantId, scope: path, key };
    const requestHash = hashRequest(await getRawInput());

    if (tx) {
      const start = await beginIdempotentRequest(tx, { ref, requestHash });
      if (start.kind !== 'fresh') return answerFor(start, path);
      const result = await next();
      if (result.ok)
        await saveIdempotentResponse(tx, { ref, requestHash, response: serialize(result.data) });
      return result;
    }

    const start = await withTenantTx(tenantId, (t1) =>
      beginIdempotentRequest(t1, { ref, requestHash }),
    );
    if (start.kind !== 'fresh') return answerFor(start, path);
    const result = await next();
    if (!result.ok) return result;
    const after = await withTenantTx(tenantId, async (t2) => {
      const again = await beginIdempotentRequest(t2, { ref, requestHash });
      if (again.kind === 'fresh')
        await saveIdempotentResponse(t2, {
          ref,
          requestHash,
          response: serialize(result.data),
        });
      return again;
    });
    // A twin with the same key stored its answer first: answer the same.
    if (after.kind === 'replay' || after.kind === 'input_mismatch') return answerFor(after, path);
    // 'fresh' (stored now) or 'in_flight' (the twin is storing the same answer right now).
    return result;
  });
}
