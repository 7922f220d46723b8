// Per-tenant API rate limit (API_RATE_LIMIT_PER_MINUTE, all processes together). Runs before the
// tenant transaction and consumes in a short transaction of its own: the bucket row stays locked
// only for that one statement (not for the whole procedure), the refused call never opens the
// tenant transaction, and a hit counts even when the procedure later fails.
import { TRPCError } from '@trpc/server';
import { t } from '../base';
import { withSystemTx } from '../../db/tx';
import { consumeRateLimit } from '../../domain/rate-limit/consume';
import { getEnv } from '../../env';

const API_WINDOW_SECONDS = 60;

/** Carried as the TRPCError's cause so the HTTP layer can send Retry-After. */
export class RateLimitExceeded extends Error {
  override name = 'RateLimitExceeded';
  constructor(
    readonly retryAfterSeconds: number,
    limit: number,
  ) {
    super(
      `this workspace made more than ${limit} API calls in a minute; retry after ${retryAfterSeconds} s`,
    );
  }
}

/** Counts one API call of the tenant; the refusal when its calls this minute are spent. */
export async function consumeApiCall(tenantId: string): Promise<RateLimitExceeded | null> {
  const limit = getEnv().API_RATE_LIMIT_PER_MINUTE;
  const result = await withSystemTx((tx) =>
    consumeRateLimit(tx, { bucket: `api:${tenantId}`, limit, windowSeconds: API_WINDOW_SECONDS }),
  );
  return result.allowed ? null : new RateLimitExceeded(result.retryAfterSeconds, limit);
}

export const apiRateLimit = t.middleware(async ({ ctx, next }) => {
  const tenantId = ctx.principal?.tenantId;
  if (!tenantId) return next();
  const exceeded = await consumeApiCall(tenantId);
  if (exceeded)
    throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: exceeded.message, cause: exceeded });
  return next();
});

/**
 * For fetchRequestHandler's `responseMeta`: a refused call answers 429 with Retry-After (the
 * longest wait when a batch holds several refusals).
 */
export function rateLimitResponseMeta({ errors }: { errors: TRPCError[] }): { headers?: Headers } {
  const waits = errors.map((e) =>
    e.cause instanceof RateLimitExceeded ? e.cause.retryAfterSeconds : 0,
  );
  const wait = Math.max(0, ...waits);
  return wait > 0 ? { headers: new Headers({ 'Retry-After': String(wait) }) } : {};
}
