// The role tiers as middlewares; accessRefusal (access.ts) decides, these only throw its answer.
import { TRPCError } from '@trpc/server';
import { t } from '../base';
import { accessRefusal, type AccessTier } from '../access';

export const requireAuth = t.middleware(({ ctx, next }) => {
  const refusal = accessRefusal(ctx.principal, 'authed', { authError: ctx.authError });
  if (refusal || !ctx.principal) throw new TRPCError(refusal ?? { code: 'UNAUTHORIZED' });
  return next({ ctx: { principal: ctx.principal } });
});

/**
 * A role tier above "any member". Placed after tenantScope, so a refused call rolls back a
 * transaction that did nothing (and counts against the API rate limit like any call).
 */
export function requireTier(tier: Exclude<AccessTier, 'authed'>, action?: string) {
  return t.middleware(({ ctx, next }) => {
    const refusal = accessRefusal(ctx.principal, tier, { action });
    if (refusal) throw new TRPCError(refusal);
    return next();
  });
}

export const requireAdmin = requireTier('admin');
