import { startScheduledCampaign } from '@/server/domain/campaigns';
import type { TaskHandler } from '../task-handler';

export const campaignStart: TaskHandler<'campaign.start'> = async (payload, ctx) => {
  const outcome = await startScheduledCampaign(payload);
  ctx.log.info({ campaignId: payload.campaignId, outcome }, 'scheduled campaign start');
};
