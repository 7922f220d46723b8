// Idempotency-Key on mutations: same key + same input → the stored response without running
// again; same key + other input → 422; same key while the first is still running → 409.
// Must come after the tenant scope: it works inside the procedure's transaction (see
// domain/idempotency/records.ts for why that makes the in-flight check and the stored
// response exact). Only successful responses are stored; a failed call may be retried.
import { TRPCError } from '@trpc/server';
import { middlewareMarker } from '@trpc/server/unstable-core-do-not-import';
import { t } from '../base';
import type { Tx } from '../../db/tx';
import { beginIdempotentRequest, saveIdempotentResponse } from '../../domain/idempotency/records';
import { hashRequest } from '../../domain/idempotency/request-hash';
import { getMetrics } from '../../obs/metrics';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** Visible ASCII, 1-255 characters: UUIDs, ULIDs and the like. */
const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;

/** The tenant scope narrows ctx at runtime; t.middleware only knows the base context type. */
function tenantScopeOf(ctx: object): { tx: Tx; tenantId: string } {
  const scoped = ctx as Partial<{ tx: Tx; tenantId: string }>;
  if (!scoped.tx || !scoped.tenantId) throw new Error('idempotency() must be used on a tenant procedure');
  return { tx: scoped.tx, tenantId: scoped.tenantId };
}

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
      throw new TRPCError({ code: 'BAD_REQUEST', message: 'Idempotency-Key must be 1-255 visible ASCII characters' });
    }
    const { tx, tenantId } = tenantScopeOf(ctx);
    const ref = { tenantId, scope: path, key };
    const requestHash = hashRequest(await getRawInput());
    const metrics = getMetrics();
    const start = await beginIdempotentRequest(tx, ref, requestHash);
    if (start.kind === 'in_flight') {
      metrics.idempotencyConflicts.inc({ procedure: path, reason: 'in_flight' });
      throw new TRPCError({ code: 'CONFLICT', message: 'a request with this Idempotency-Key is still in progress; retry shortly' });
    }
    if (start.kind === 'input_mismatch') {
      metrics.idempotencyConflicts.inc({ procedure: path, reason: 'input_mismatch' });
      throw new TRPCError({ code: 'UNPROCESSABLE_CONTENT', message: 'this Idempotency-Key was already used with a different input' });
    }
    if (start.kind === 'replay') {
      metrics.idempotencyReplays.inc({ procedure: path });
      // Not calling next(): the procedure does not run again. The stored text is what
      // JSON.stringify produced the first time, and tRPC serializes the parsed value back to it.
      const data: unknown = start.response === '' ? undefined : JSON.parse(start.response);
      return { ok: true as const, data, marker: middlewareMarker };
    }
    const result = await next();
    if (result.ok) {
      // '' stands for a procedure that returned nothing (JSON has no "undefined").
      await saveIdempotentResponse(tx, ref, requestHash, result.data === undefined ? '' : JSON.stringify(result.data));
    }
    return result;
  });
}
