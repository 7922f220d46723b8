// A recipient left SENDING without a provider id: the run that claimed it died (or lost the
// answer) after the send may have left. Twilio has no idempotency key, so sending again could
// double the SMS. Instead ask the provider: a message to that number with that text created
// since the claim means it went out (record it, charge it); none means it never left (PENDING
// again). The check waits IN_DOUBT_GRACE_MS after the claim, so a send still in flight — or its
// status callback, which resolves the same row by our key — has had time to land.
import { withTenantTx } from '../../db/tx';
import { findSentMessage, type SmsSender } from '../../providers/twilio/messaging';
import { inDoubtRecipients } from './claim';
import { markSent } from './outcomes';

export const IN_DOUBT_GRACE_MS = 30_000;
const LOOKBACK_MESSAGES = 20;

export type InDoubtResult = { recovered: number; requeued: number; waitUntil: Date | null };

// opens its own transactions (none is open while the provider is asked)
export async function resolveInDoubt({
  batch: b,
  sender,
  now = new Date(),
}: {
  batch: { tenantId: string; campaignId: string; batchNo: number; reservationKey: string };
  sender: SmsSender;
  now?: Date;
}): Promise<InDoubtResult> {
  const rows = await withTenantTx(b.tenantId, (tx) => inDoubtRecipients(tx, b));
  const result: InDoubtResult = { recovered: 0, requeued: 0, waitUntil: null };
  for (const row of rows) {
    const ripe = row.claimed_at.getTime() + IN_DOUBT_GRACE_MS;
    if (ripe > now.getTime()) {
      result.waitUntil = new Date(Math.min(result.waitUntil?.getTime() ?? Infinity, ripe));
      continue;
    }
    const found = findSentMessage(await sender.recentMessagesTo(row.phone, LOOKBACK_MESSAGES), {
      body: row.body,
      since: row.claimed_at,
    });
    await withTenantTx(b.tenantId, async (tx) => {
      if (found) {
        const { sent } = await markSent(tx, {
          campaign: b,
          accepted: [{ recipientId: row.id, sid: found.sid, status: found.status }],
        });
        result.recovered += sent;
        return;
      }
      // Only the claim we looked at: a newer claim (or a callback) moved it on meanwhile.
      result.requeued += await tx.$executeRaw`
        UPDATE campaign_recipients SET status = 'PENDING', claimed_at = NULL, retry_at = NULL
         WHERE id = ${row.id}::uuid AND status = 'SENDING' AND provider_message_id IS NULL AND claimed_at = ${row.claimed_at}`;
    });
  }
  return result;
}
