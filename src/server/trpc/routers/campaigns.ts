// SMS campaigns: drafts, preview (audience, merged message, cost), launch, cancel, progress,
// recipients, timeline, and the reconciler's "now". Launching spends credits: it needs an admin
// and an Idempotency-Key, so a retried click can never launch twice.
import { z } from 'zod';
import { adminProcedure, createTRPCRouter, idempotency, tenantProcedure } from '../init';
import { audienceFilterSchema } from '../../domain/contacts';
import {
  campaignDraftInput,
  campaignStatuses,
  cancelCampaign,
  createCampaign,
  deleteCampaign,
  getCampaign,
  launchCampaign,
  listCampaignEvents,
  listCampaigns,
  listRecipients,
  previewCampaign,
  reconcileCampaignsNow,
  recipientStatuses,
  updateCampaign,
} from '../../domain/campaigns';
import { campaignBodySchema } from '../../domain/campaigns/fields';
import { dateInputSchema } from '@/lib/schemas/common';

const idInput = z.object({ id: z.string().uuid('not a campaign id') });

export const campaignsRouter = createTRPCRouter({
  list: tenantProcedure
    .input(
      z.object({
        limit: z.number().int().min(1).max(100).default(25),
        cursor: z.string().uuid().optional(),
        status: z.enum(campaignStatuses).optional(),
      }),
    )
    .query(({ ctx, input }) => listCampaigns(ctx.tx, input)),
  get: tenantProcedure.input(idInput).query(async ({ ctx, input }) => {
    const campaign = await getCampaign(ctx.tx, { id: input.id });
    return { campaign, timeline: await listCampaignEvents(ctx.tx, { campaignId: input.id }) };
  }),
  recipients: tenantProcedure
    .input(
      z.object({
        campaignId: z.string().uuid(),
        status: z.enum(recipientStatuses).optional(),
        search: z.string().max(40).optional(),
        limit: z.number().int().min(1).max(200).default(50),
        cursor: z.string().uuid().optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      await getCampaign(ctx.tx, { id: input.campaignId });
      return listRecipients(ctx.tx, input);
    }),
  preview: tenantProcedure
    .input(z.object({ body: campaignBodySchema, audience: audienceFilterSchema }))
    .query(({ ctx, input }) => previewCampaign(ctx.tx, { ...input, tenantId: ctx.tenantId })),
  create: tenantProcedure
    .input(campaignDraftInput)
    .mutation(({ ctx, input }) => createCampaign(ctx.tx, { ...input, actor: ctx.actor })),
  update: tenantProcedure
    .input(campaignDraftInput.extend({ id: z.string().uuid() }))
    .mutation(({ ctx, input: { id, ...draft } }) =>
      updateCampaign(ctx.tx, { ...draft, id, actor: ctx.actor }),
    ),
  delete: tenantProcedure
    .input(idInput)
    .mutation(({ ctx, input }) => deleteCampaign(ctx.tx, { actor: ctx.actor, id: input.id })),
  /** Now, or at scheduledAt (at least a minute ahead). PRECONDITION_FAILED when the wallet cannot cover it. */
  launch: adminProcedure
    .use(idempotency({ required: true }))
    .input(idInput.extend({ scheduledAt: dateInputSchema.optional() }))
    .mutation(({ ctx, input }) =>
      launchCampaign(ctx.tx, {
        actor: ctx.actor,
        campaignId: input.id,
        scheduledAt: input.scheduledAt ?? null,
      }),
    ),
  cancel: adminProcedure
    .use(idempotency())
    .input(idInput)
    .mutation(({ ctx, input }) =>
      cancelCampaign(ctx.tx, { actor: ctx.actor, campaignId: input.id }),
    ),
  /** The reconciler, now, for this tenant's campaigns (no quiet period). */
  reconcileNow: adminProcedure.mutation(({ ctx }) =>
    reconcileCampaignsNow(ctx.tx, { actor: ctx.actor }),
  ),
});
