// The end of a campaign. Sending is over once nothing is PENDING or SENDING: no debit can follow,
// so the reservation's unused rest goes back to the wallet. The campaign COMPLETES when every
// recipient is final (delivered, failed or skipped); delivery reports keep arriving until then.
import type { Tx } from '../../db/tx';
import type { CampaignStatus } from '../../db/generated/enums';
import { releaseReservation } from '../wallet';
import { recordCampaignEvent } from './events';

export type FinishResult = { released: number | null; completed: boolean };

export async function finishIfDone(
  tx: Tx,
  { campaignId }: { campaignId: string },
): Promise<FinishResult> {
  const [c] = await tx.$queryRaw<
    {
      tenant_id: string;
      status: CampaignStatus;
      pending_count: number;
      sent_count: number;
      reservation_key: string | null;
      finished_at: Date | null;
    }[]
  >`SELECT tenant_id, status, pending_count, sent_count, reservation_key, finished_at
      FROM campaigns WHERE id = ${campaignId}::uuid FOR UPDATE`;
  const result: FinishResult = { released: null, completed: false };
  if (!c || !c.reservation_key || !(c.status === 'SENDING' || c.status === 'CANCELLED'))
    return result;
  if (c.pending_count > 0) return result;
  const closed = await releaseReservation(tx, {
    tenantId: c.tenant_id,
    reservationKey: c.reservation_key,
  });
  if (closed.changed) {
    result.released = closed.released;
    await recordCampaignEvent(tx, {
      tenantId: c.tenant_id,
      campaignId,
      kind: 'sending_finished',
      detail: { releasedCredits: closed.released, reservationStatus: closed.reservation.status },
    });
  }
  if (c.status === 'CANCELLED' && !c.finished_at) {
    await tx.campaign.update({ where: { id: campaignId }, data: { finishedAt: new Date() } });
  }
  if (c.status === 'SENDING' && c.sent_count === 0) {
    await tx.campaign.update({
      where: { id: campaignId },
      data: { status: 'COMPLETED', finishedAt: new Date() },
    });
    await recordCampaignEvent(tx, { tenantId: c.tenant_id, campaignId, kind: 'completed' });
    result.completed = true;
  }
  return result;
}
