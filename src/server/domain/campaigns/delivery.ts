// Delivery reports (Twilio status callbacks) for campaign messages. A report finds its recipient
// by the message SID, or — when the run that sent it died before storing the SID — by our key
// in the callback URL, and then records the SID and the debit itself. States only move forward
// (SENT < DELIVERED/FAILED; a final state never changes), so late, repeated or out-of-order
// reports are harmless.
import type { Tx } from '../../db/tx';
import type { CampaignRecipientStatus } from '../../db/generated/enums';
import { markSent } from './outcomes';
import { recipientIdFromKey } from './status-callback';
import { finishIfDone } from './finish';
import { recordCampaignEvent } from './events';

export type DeliveryReport = {
  messageSid: string;
  status: string;
  errorCode: number | null;
  callbackKey: string | null;
};
export type DeliveryOutcome = 'applied' | 'unchanged' | 'not-a-campaign-message' | 'duplicate-send';

/** Twilio's message statuses, as recipient states (null: not a state we track). */
export function recipientStateOf(
  twilioStatus: string,
): Extract<CampaignRecipientStatus, 'SENT' | 'DELIVERED' | 'FAILED'> | null {
  switch (twilioStatus) {
    case 'accepted':
    case 'scheduled':
    case 'queued':
    case 'sending':
    case 'sent':
      return 'SENT';
    case 'delivered':
    case 'read':
      return 'DELIVERED';
    case 'undelivered':
    case 'failed':
    case 'canceled':
      return 'FAILED';
    default:
      return null;
  }
}

type Row = {
  id: string;
  tenant_id: string;
  campaign_id: string;
  status: CampaignRecipientStatus;
  provider_message_id: string | null;
  reservation_key: string | null;
};

async function findRecipient(tx: Tx, report: DeliveryReport): Promise<Row | null> {
  const bySid = await tx.$queryRaw<Row[]>`
    SELECT r.id, r.tenant_id, r.campaign_id, r.status, r.provider_message_id, c.reservation_key
      FROM campaign_recipients r JOIN campaigns c ON c.id = r.campaign_id
     WHERE r.provider_message_id = ${report.messageSid} FOR UPDATE OF r`;
  if (bySid[0]) return bySid[0];
  const id = recipientIdFromKey(report.callbackKey);
  if (!id) return null;
  const byKey = await tx.$queryRaw<Row[]>`
    SELECT r.id, r.tenant_id, r.campaign_id, r.status, r.provider_message_id, c.reservation_key
      FROM campaign_recipients r JOIN campaigns c ON c.id = r.campaign_id
     WHERE r.id = ${id}::uuid FOR UPDATE OF r`;
  return byKey[0] ?? null;
}

export async function applyDeliveryReport(
  tx: Tx,
  report: DeliveryReport,
): Promise<DeliveryOutcome> {
  const target = recipientStateOf(report.status);
  const row = await findRecipient(tx, report);
  if (!row || !target) return 'not-a-campaign-message';
  if (row.provider_message_id && row.provider_message_id !== report.messageSid) {
    // Our key, another SID: the provider holds two messages for one recipient. Never hidden.
    await recordCampaignEvent(tx, {
      tenantId: row.tenant_id,
      campaignId: row.campaign_id,
      kind: 'duplicate_send_detected',
      detail: {
        recipientId: row.id,
        recordedSid: row.provider_message_id,
        otherSid: report.messageSid,
      },
    });
    return 'duplicate-send';
  }
  let changed = false;
  if (!row.provider_message_id) {
    // The send's own run never recorded it (it died, or its answer was lost): this report is
    // the proof the provider accepted it, so it is recorded and charged here, once.
    if (row.status !== 'SENDING' || !row.reservation_key) return 'unchanged';
    const { sent } = await markSent(tx, {
      campaign: {
        tenantId: row.tenant_id,
        campaignId: row.campaign_id,
        reservationKey: row.reservation_key,
      },
      accepted: [{ recipientId: row.id, sid: report.messageSid, status: report.status }],
    });
    changed = sent > 0;
  }
  if (target !== 'SENT') {
    const moved = await tx.$executeRaw`
      UPDATE campaign_recipients
         SET status = ${target}::"CampaignRecipientStatus", provider_status = ${report.status}, final_at = now(),
             error_code = ${report.errorCode}, error_message = ${report.errorCode ? `provider error ${report.errorCode}` : null}
       WHERE id = ${row.id}::uuid AND status = 'SENT'`;
    changed ||= moved > 0;
  }
  if (changed) await finishIfDone(tx, { campaignId: row.campaign_id });
  return changed ? 'applied' : 'unchanged';
}
