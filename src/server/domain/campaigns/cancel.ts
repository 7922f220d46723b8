// Cancel: no further sends. PENDING recipients are skipped (CANCELLED) at once; messages already
// handed to the provider stay as they are (they were sent and charged). The reservation's rest
// is released as soon as no send is in flight (finish.ts), here or by the batch that holds one.
import type { Tx } from '../../db/tx';
import type { Actor } from '../audit/actor';
import { ConflictError } from '../errors';
import { recordAudit } from '../audit/record';
import { getCampaign, lockCampaign } from './drafts';
import { recordCampaignEvent } from './events';
import { finishIfDone } from './finish';

/**
 * PENDING → SKIPPED (CANCELLED) for a cancelled campaign; nothing for any other. Rows a send run
 * is claiming right now are passed over (SKIP LOCKED: waiting for them while holding the campaign
 * row would deadlock with that claim); the run's own last step skips whatever it left PENDING.
 */
export async function skipPendingOfCancelled(
  tx: Tx,
  { campaignId }: { campaignId: string },
): Promise<number> {
  return tx.$executeRaw`
    UPDATE campaign_recipients SET status = 'SKIPPED', skip_reason = 'CANCELLED', final_at = now()
     WHERE id IN (SELECT r.id FROM campaign_recipients r JOIN campaigns c ON c.id = r.campaign_id
                   WHERE c.id = ${campaignId}::uuid AND c.status = 'CANCELLED' AND r.status = 'PENDING'
                     FOR UPDATE OF r SKIP LOCKED)`;
}

export async function cancelCampaign(
  tx: Tx,
  { actor, campaignId }: { actor: Actor; campaignId: string },
) {
  const current = await lockCampaign(tx, { id: campaignId });
  if (!['DRAFT', 'SCHEDULED', 'SENDING'].includes(current.status)) {
    throw new ConflictError(`a ${current.status} campaign cannot be cancelled`, {
      status: current.status,
    });
  }
  await tx.campaign.update({
    where: { id: campaignId },
    data: {
      status: 'CANCELLED',
      ...(current.status === 'SENDING' ? {} : { finishedAt: new Date() }),
    },
  });
  const skipped = await skipPendingOfCancelled(tx, { campaignId });
  // A SCHEDULED campaign's start job stays queued: it finds the campaign CANCELLED and does nothing.
  const finish = await finishIfDone(tx, { campaignId });
  const detail = { from: current.status, skipped, releasedCredits: finish.released };
  await recordCampaignEvent(tx, {
    tenantId: current.tenantId,
    campaignId,
    kind: 'cancelled',
    detail,
    actorId: actor.userId,
  });
  await recordAudit(tx, {
    tenantId: current.tenantId,
    actorId: actor.userId,
    action: 'campaign.cancelled',
    subject: `campaign:${campaignId}`,
    detail,
  });
  return getCampaign(tx, { id: campaignId });
}
