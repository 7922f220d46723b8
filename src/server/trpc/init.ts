// tRPC setup: the router and caller factories and the procedure tiers.
import { t } from './base';
import { toTRPCError } from './errors';
import { requireAuth, requireAdmin, requireTier } from './middleware/auth';
import { tenantScope, tenantWithoutTx } from './middleware/tenant';
import { apiRateLimit } from './middleware/rate-limit';
import { inputBounds } from './middleware/input-bounds';

export type { Meta } from './base';
export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Outermost: domain errors become the matching tRPC codes (after the transaction rolled back). */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const mapped = toTRPCError(result.error);
    if (mapped) throw mapped;
  }
  return result;
});

/** Every tier starts here: input depth bounded and its text well-formed before anything reads it. */
export const publicProcedure = t.procedure
  .use(mapDomainErrors)
  .use(inputBounds)
  .meta({ scope: 'public' });
export const authedProcedure = publicProcedure.use(requireAuth).meta({ scope: 'authed' });
export const tenantProcedure = authedProcedure
  .use(apiRateLimit)
  .use(tenantScope)
  .meta({ scope: 'tenant' });
/** Office work on customer data (contacts): STAFF and above, not field reps. */
export const staffProcedure = tenantProcedure.use(requireTier('staff', 'working with contacts'));
/** Field sales office work (leads, the appointment board, assigning reps): STAFF and above. */
export const schedulingProcedure = tenantProcedure.use(
  requireTier('staff', 'leads and appointment scheduling'),
);
export const adminProcedure = tenantProcedure.use(requireAdmin).meta({ scope: 'admin' });
/**
 * Admin procedures that call a provider (Stripe): no ctx.tx. The domain function runs its own
 * short tenant transactions before and after the call; the procedure must be idempotent on its
 * own (see idempotency()'s mode without a transaction).
 */
export const adminOutboundProcedure = authedProcedure
  .use(apiRateLimit)
  .use(tenantWithoutTx)
  .use(requireAdmin)
  .meta({ scope: 'admin' });
/** Staff procedures that wait on a provider (the answering model): no ctx.tx, as adminOutboundProcedure. */
export const staffOutboundProcedure = authedProcedure
  .use(apiRateLimit)
  .use(tenantWithoutTx)
  .use(requireTier('staff', 'asking the assistant'))
  .meta({ scope: 'tenant' });
/** `.use(idempotency({ required: true }))` after a tenant/admin tier: Idempotency-Key on mutations. */
export { idempotency } from './middleware/idempotency';
