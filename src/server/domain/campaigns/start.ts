// The campaign.start job: a SCHEDULED campaign's launch at its time. When it cannot start (the
// wallet is short, nobody to send to) the campaign becomes FAILED with the reason, visible in the
// console, instead of a job retrying a decision that will not change by itself.
import { withTenantTx } from '../../db/tx';
import { systemActor } from '../audit/actor';
import { DomainError } from '../errors';
import { lockCampaign } from './drafts';
import { startCampaign } from './launch';
import { recordCampaignEvent } from './events';

// opens its own transactions
export async function startScheduledCampaign(b: {
  tenantId: string;
  campaignId: string;
}): Promise<'started' | 'skipped' | 'failed'> {
  try {
    return await withTenantTx(b.tenantId, async (tx) => {
      const current = await lockCampaign(tx, { id: b.campaignId }).catch(() => null);
      if (current?.status !== 'SCHEDULED') return 'skipped' as const;
      await startCampaign(tx, { campaignId: b.campaignId, actor: systemActor(b.tenantId) });
      return 'started' as const;
    });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    await withTenantTx(b.tenantId, async (tx) => {
      const current = await lockCampaign(tx, { id: b.campaignId });
      if (current.status !== 'SCHEDULED') return;
      await tx.campaign.update({
        where: { id: b.campaignId },
        data: {
          status: 'FAILED',
          failureReason: error.message.slice(0, 500),
          finishedAt: new Date(),
        },
      });
      await recordCampaignEvent(tx, {
        tenantId: b.tenantId,
        campaignId: b.campaignId,
        kind: 'launch_failed',
        detail: { reason: error.message, ...error.details },
      });
    });
    return 'failed';
  }
}
