import { z } from 'zod';
import { createTRPCRouter, tenantProcedure } from '../init';
import { createApiToken, listApiTokens, revokeApiToken } from '../../domain/auth/api-tokens';
import { labelSchema } from '@/lib/schemas/common';

export const apiTokensRouter = createTRPCRouter({
  list: tenantProcedure.query(({ ctx }) => listApiTokens(ctx.tx, { actor: ctx.actor })),
  /** The secret is in this response only; it is never stored or shown again. */
  create: tenantProcedure
    .input(z.object({ name: labelSchema }))
    .mutation(({ ctx, input }) => createApiToken(ctx.tx, { actor: ctx.actor, name: input.name })),
  revoke: tenantProcedure
    .input(z.object({ id: z.string().uuid() }))
    .mutation(({ ctx, input }) => revokeApiToken(ctx.tx, { actor: ctx.actor, id: input.id })),
});
