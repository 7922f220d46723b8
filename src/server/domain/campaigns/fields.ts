// Campaign inputs at the boundary and the shape the console reads.
import { z } from 'zod';
import { singleLine, stripControl } from '@/lib/schemas/common';
import { parseTemplate } from '@/lib/sms/template';
import type { Prisma } from '../../db/generated/client';
import { audienceFilterSchema, type AudienceFilter } from '../contacts';

export const campaignBodySchema = z
  .string()
  .transform((v) => stripControl(v).replace(/\r\n?/g, '\n').trim())
  .pipe(
    z
      .string()
      .min(1, 'the message is empty')
      .max(1600, 'at most 1600 characters (Twilio’s limit for one message)'),
  )
  .superRefine((v, ctx) => {
    const parsed = parseTemplate(v);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.error });
  });

export const campaignDraftInput = z.object({
  name: singleLine(120),
  body: campaignBodySchema,
  audience: audienceFilterSchema.default({ tagsAny: [], tagsAll: [], tagsNone: [] }),
});
export type CampaignDraftInput = z.output<typeof campaignDraftInput>;

export const campaignStatuses = [
  'DRAFT',
  'SCHEDULED',
  'SENDING',
  'COMPLETED',
  'CANCELLED',
  'FAILED',
] as const;
export const recipientStatuses = [
  'PENDING',
  'SENDING',
  'SENT',
  'DELIVERED',
  'FAILED',
  'SKIPPED',
] as const;

export const campaignSelect = {
  id: true,
  name: true,
  body: true,
  audience: true,
  status: true,
  scheduledAt: true,
  reservationKey: true,
  totalRecipients: true,
  pendingCount: true,
  sentCount: true,
  deliveredCount: true,
  failedCount: true,
  skippedCount: true,
  creditsReserved: true,
  creditsSpent: true,
  batchCount: true,
  failureReason: true,
  createdAt: true,
  updatedAt: true,
  launchedAt: true,
  lastProgressAt: true,
  finishedAt: true,
} as const;

type CampaignRow = Prisma.CampaignGetPayload<{ select: typeof campaignSelect }>;
/** A campaign as the API returns it: the audience typed, not raw JSON. */
export type CampaignView = Omit<CampaignRow, 'audience'> & { audience: AudienceFilter };
export const toCampaignView = (row: CampaignRow): CampaignView => ({
  ...row,
  audience: audienceFilterSchema.parse(row.audience),
});
