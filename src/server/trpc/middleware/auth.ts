import { TRPCError } from '@trpc/server';
import { t } from '../base';
import { isAdminRole } from '../../domain/auth/principal';

export const requireAuth = t.middleware(({ ctx, next }) => {
  if (!ctx.principal) {
    throw new TRPCError({
      code: 'UNAUTHORIZED',
      message: ctx.authError ?? 'sign in or send a bearer API token',
    });
  }
  return next({ ctx: { principal: ctx.principal } });
});

/** Placed after tenantScope, so a refused call rolls back a transaction that did nothing. */
export const requireAdmin = t.middleware(({ ctx, next }) => {
  if (!ctx.principal) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'sign in first' });
  if (!isAdminRole(ctx.principal.role)) {
    throw new TRPCError({
      code: 'FORBIDDEN',
      message: 'this action needs the OWNER or ADMIN role',
    });
  }
  return next();
});
