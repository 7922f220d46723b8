// Runs the procedure inside a transaction scoped to the caller's tenant (app.tenant_id), so RLS
// filters every query. A failed procedure rolls the whole transaction back.
import { TRPCError } from '@trpc/server';
import { t } from '../base';
import { withTenantTx, type Tx } from '../../db/tx';
import { runWithRequestContext } from '../../obs/request-context';
import { actorOf } from '../../domain/audit/actor';

class ProcedureFailed extends Error {
  constructor(readonly result: unknown) {
    super('procedure failed');
  }
}

export const tenantScope = t.middleware(async ({ ctx, next }) => {
  const principal = ctx.principal;
  if (!principal) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'sign in first' });
  const tenantId = principal.tenantId;
  const actor = actorOf(principal);
  const run = (tx: Tx) => next({ ctx: { principal, actor, tx, tenantId } });
  try {
    return await runWithRequestContext({ requestId: ctx.requestId, tenantId }, () =>
      withTenantTx(
        tenantId,
        async (tx) => {
          const result = await run(tx);
          // Throwing makes Prisma roll back; the failed result is handed on unchanged below.
          if (!result.ok) throw new ProcedureFailed(result);
          return result;
        },
        { userId: principal.userId },
      ),
    );
  } catch (error) {
    if (error instanceof ProcedureFailed) return error.result as Awaited<ReturnType<typeof run>>;
    throw error;
  }
});

/**
 * The caller's tenant without a wrapping transaction, for procedures that call a provider: the
 * domain function opens its own short withTenantTx around the call (prepare, call, record), so no
 * transaction, row lock or pooled connection is held while the provider answers.
 */
export const tenantWithoutTx = t.middleware(({ ctx, next }) => {
  const principal = ctx.principal;
  if (!principal) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'sign in first' });
  const tenantId = principal.tenantId;
  return runWithRequestContext({ requestId: ctx.requestId, tenantId }, () =>
    next({ ctx: { principal, actor: actorOf(principal), tenantId } }),
  );
});
