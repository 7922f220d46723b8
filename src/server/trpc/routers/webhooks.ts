import { z } from 'zod';
import { adminProcedure, createTRPCRouter } from '../init';
import { PROVIDER_NAMES } from '../../providers/types';
import {
  createWebhookConnection,
  listWebhookConnections,
  rotateWebhookSecret,
} from '../../domain/connections/connections';
import {
  getWebhookEvent,
  listWebhookEvents,
  replayWebhookEvent,
} from '../../domain/webhooks/events';
import { dateInputSchema, labelSchema } from '@/lib/schemas/common';

const providerSchema = z.enum(PROVIDER_NAMES);
const statusSchema = z.enum(['RECEIVED', 'PROCESSED', 'FAILED', 'REJECTED']);

export const webhooksRouter = createTRPCRouter({
  /** The secret (and WhatsApp's verify token) are in this response only. */
  createConnection: adminProcedure
    .input(z.object({ provider: providerSchema, label: labelSchema }))
    .mutation(({ ctx, input }) => createWebhookConnection(ctx.tx, ctx.principal, input)),
  listConnections: adminProcedure.query(({ ctx }) => listWebhookConnections(ctx.tx)),
  /** New secret shown once; the old one keeps working for `graceMinutes` (default one day). */
  rotateSecret: adminProcedure
    .input(
      z.object({
        id: z.string().uuid(),
        graceMinutes: z
          .number()
          .int()
          .min(0)
          .max(7 * 24 * 60)
          .default(24 * 60),
      }),
    )
    .mutation(({ ctx, input }) => rotateWebhookSecret(ctx.tx, ctx.principal, input)),
  listEvents: adminProcedure
    .input(
      z
        .object({
          provider: providerSchema.optional(),
          status: statusSchema.optional(),
          from: dateInputSchema.optional(),
          to: dateInputSchema.optional(),
          limit: z.number().int().min(1).max(100).default(50),
          cursor: z.string().uuid().optional(),
        })
        .refine((f) => !f.from || !f.to || f.from < f.to, {
          message: '"from" must be before "to"',
          path: ['to'],
        }),
    )
    .query(({ ctx, input }) => listWebhookEvents(ctx.tx, input)),
  getEvent: adminProcedure
    .input(z.object({ id: z.string().uuid() }))
    .query(({ ctx, input }) => getWebhookEvent(ctx.tx, input.id)),
  replayEvent: adminProcedure
    .input(z.object({ id: z.string().uuid() }))
    .mutation(({ ctx, input }) => replayWebhookEvent(ctx.tx, ctx.principal, input.id)),
});
