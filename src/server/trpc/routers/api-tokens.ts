import { z } from 'zod';
import { createTRPCRouter, tenantProcedure } from '../init';
import { createApiToken, listApiTokens, revokeApiToken } from '../../domain/auth/api-tokens';
import { labelSchema } from '@/lib/schemas/common';

export const apiTokensRouter = createTRPCRouter({
  list: tenantProcedure.query(({ ctx }) => listApiTokens(ctx.tx, ctx.principal)),
  /** The secret is in this response only; it is never stored or shown again. */
  create: tenantProcedure
    .input(z.object({ name: labelSchema }))
    .mutation(({ ctx, input }) => createApiToken(ctx.tx, ctx.principal, input.name)),
  revoke: tenantProcedure
    .input(z.object({ id: z.string().uuid() }))
    .mutation(({ ctx, input }) => revokeApiToken(ctx.tx, ctx.principal, input.id)),
});
