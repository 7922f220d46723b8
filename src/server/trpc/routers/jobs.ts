// Operations on the job queue for tenant admins: queue counts, dead letters, stuck jobs.
import { z } from 'zod';
import { adminProcedure, createTRPCRouter, idempotency } from '../init';
import { dateInputSchema, singleLine } from '@/lib/schemas/common';
import {
  countDeadLetters,
  DEAD_LETTER_STATUSES,
  discardDeadLetter,
  getDeadLetter,
  listDeadLetters,
  retryDeadLetter,
  retryDeadLetters,
} from '../../domain/jobs/dead-letters';
import { getQueueCounts } from '../../domain/jobs/queue-stats';
import { countStuckJobs, listStuckJobs, releaseStuckJob } from '../../domain/jobs/stuck-jobs';
import { countStuckCampaigns } from '../../domain/campaigns';

const deadLetterFilter = z.object({
  task: z.string().trim().min(1).max(128).optional(),
  errorContains: singleLine(200).optional(),
  failedAfter: dateInputSchema.optional(),
  failedBefore: dateInputSchema.optional(),
});
const deadLetterId = z.object({ id: z.string().uuid() });

export const jobsRouter = createTRPCRouter({
  overview: adminProcedure.query(async ({ ctx }) => ({
    queue: await getQueueCounts(ctx.tx),
    deadLetters: await countDeadLetters(ctx.tx),
    stuckJobs: await countStuckJobs(ctx.tx),
    stuckCampaigns: await countStuckCampaigns(ctx.tx),
  })),

  deadLetters: createTRPCRouter({
    list: adminProcedure
      .input(
        deadLetterFilter.extend({
          status: z.enum([...DEAD_LETTER_STATUSES, 'any']).default('dead'),
          limit: z.number().int().min(1).max(200).default(50),
        }),
      )
      .query(({ ctx, input }) => {
        const { limit, status, ...filter } = input;
        return listDeadLetters(ctx.tx, {
          ...filter,
          status: status === 'any' ? undefined : status,
          limit,
        });
      }),
    get: adminProcedure
      .input(deadLetterId)
      .query(({ ctx, input }) => getDeadLetter(ctx.tx, { id: input.id })),
    retry: adminProcedure
      .use(idempotency())
      .input(deadLetterId)
      .mutation(({ ctx, input }) => retryDeadLetter(ctx.tx, { id: input.id, actor: ctx.actor })),
    retryMany: adminProcedure
      .use(idempotency())
      .input(deadLetterFilter)
      .mutation(({ ctx, input }) => retryDeadLetters(ctx.tx, { filter: input, actor: ctx.actor })),
    discard: adminProcedure
      .use(idempotency())
      .input(
        deadLetterId.extend({
          reason: singleLine(500).pipe(z.string().min(3, 'say why, in at least 3 characters')),
        }),
      )
      .mutation(({ ctx, input }) =>
        discardDeadLetter(ctx.tx, { id: input.id, reason: input.reason, actor: ctx.actor }),
      ),
  }),

  stuck: createTRPCRouter({
    list: adminProcedure.query(({ ctx }) => listStuckJobs(ctx.tx)),
    release: adminProcedure
      .input(z.object({ jobId: z.string().regex(/^\d{1,19}$/, 'a job id') }))
      .mutation(({ ctx, input }) =>
        releaseStuckJob(ctx.tx, { jobId: input.jobId, actor: ctx.actor }),
      ),
  }),
});
