// Route handlers outside tRPC (the CSV upload streams its body, which tRPC cannot) pass the same
// gates as a tenant procedure, from the same functions: the principal from the context factory,
// the API rate limit per tenant, the role tiers, and domain errors mapped to the same statuses.
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import type { Principal } from '../domain/auth/principal';
import { runWithRequestContext } from '../obs/request-context';
import { accessRefusal, type AccessTier } from './access';
import { createContext } from './context';
import { toTRPCError } from './errors';
import { consumeApiCall } from './middleware/rate-limit';

export type GuardedRequest = { principal: Principal; tenantId: string; requestId: string };

const json = (status: number, body: unknown, headers?: HeadersInit) =>
  Response.json(body, { status, headers });

/**
 * Runs `handle` for a caller allowed at `tier`, in the order a tenant procedure checks: 401, then
 * 429 with Retry-After (a refused role still counts as a call), then 403. A domain error thrown by
 * `handle` answers with its status (`extra` adds fields to that body); anything else is rethrown.
 */
export async function guardRoute(
  req: Request,
  options: {
    tier: AccessTier;
    action?: string;
    extra?: (error: unknown) => Record<string, unknown>;
  },
  handle: (scope: GuardedRequest) => Promise<Response>,
): Promise<Response> {
  const ctx = await createContext({ req });
  const principal = ctx.principal;
  if (!principal) {
    const refusal = accessRefusal(null, 'authed', { authError: ctx.authError });
    return json(401, { error: refusal?.message });
  }
  const exceeded = await consumeApiCall(principal.tenantId);
  if (exceeded)
    return json(
      429,
      { error: exceeded.message },
      { 'Retry-After': String(exceeded.retryAfterSeconds) },
    );
  const refusal = accessRefusal(principal, options.tier, { action: options.action });
  if (refusal) return json(refusal.code === 'FORBIDDEN' ? 403 : 401, { error: refusal.message });

  const scope = { principal, tenantId: principal.tenantId, requestId: ctx.requestId };
  try {
    return await runWithRequestContext({ requestId: ctx.requestId, tenantId: scope.tenantId }, () =>
      handle(scope),
    );
  } catch (error) {
    const mapped = toTRPCError(error);
    if (!mapped) throw error;
    return json(getHTTPStatusCodeFromError(mapped), {
      error: mapped.message,
      ...options.extra?.(error),
    });
  }
}
