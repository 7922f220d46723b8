import { z } from 'zod';
import { adminProcedure, createTRPCRouter, idempotency } from '../init';
import { checkReadiness } from '../../health/readiness';
import { requestProbe } from '../../domain/ops/probe';
import { labelSchema } from '@/lib/schemas/common';

export const opsRouter = createTRPCRouter({
  health: adminProcedure.query(() => checkReadiness()),
  probe: adminProcedure
    .use(idempotency())
    .input(
      z.object({
        failTimes: z.number().int().min(0).max(10).default(0),
        note: labelSchema.optional(),
        holdMs: z.number().int().min(0).max(10_000).default(0),
        maxAttempts: z.number().int().min(1).max(5).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await requestProbe(ctx.tx, {
        actor: ctx.actor,
        failTimes: input.failTimes,
        note: input.note ?? '',
        holdMs: input.holdMs,
        maxAttempts: input.maxAttempts,
      });
      return { queued: true };
    }),
});
