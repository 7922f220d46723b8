// Recording what the provider answered for claimed recipients, in one transaction per chunk:
// accepted → SENT with its provider id and its DEBIT (same transaction, so a message is charged
// exactly when it is recorded as sent); permanent error → FAILED, never charged; transient →
// PENDING again with a backoff (FAILED after MAX_SEND_ATTEMPTS); ambiguous (no answer, the
// message may exist) → left SENDING for the in-doubt check (resolve-in-doubt.ts).
import type { Tx } from '../../db/tx';
import type { SendResult } from '../../providers/twilio/messaging';
import { settleReservationMany } from '../wallet';

export const MAX_SEND_ATTEMPTS = 6;
/** 5 s, 10 s, 20 s … capped at 5 min, ±25 % so a provider outage does not get hit in lockstep. */
export function retryDelayMs(attempt: number): number {
  const base = Math.min(5_000 * 2 ** Math.max(0, attempt - 1), 300_000);
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

/** One DEBIT per recipient, ever. The recipient id alone is unique; a short key keeps the ledger's key index small. */
export const debitKeyOf = (recipientId: string) => `sms:${recipientId}`;

export type SendOutcome = { recipientId: string; attempts: number; result: SendResult };
export type AppliedCounts = {
  sent: number;
  failed: number;
  retrying: number;
  inDoubt: number;
  charged: number;
};

type CampaignRef = { tenantId: string; campaignId: string; reservationKey: string };

/** SENDING (no provider id) → SENT with these ids, and their debits. Rows something else already moved are left alone. */
export async function markSent(
  tx: Tx,
  {
    campaign: c,
    accepted,
  }: { campaign: CampaignRef; accepted: { recipientId: string; sid: string; status: string }[] },
): Promise<{ sent: number; charged: number }> {
  if (accepted.length === 0) return { sent: 0, charged: 0 };
  const rows = await tx.$queryRaw<{ id: string; cost: number }[]>`
    UPDATE campaign_recipients r
       SET status = 'SENT', provider_message_id = u.sid, provider_status = u.status, sent_at = now(), error_code = NULL, error_message = NULL
      FROM unnest(${accepted.map((a) => a.recipientId)}::uuid[], ${accepted.map((a) => a.sid)}::text[], ${accepted.map((a) => a.status)}::text[]) AS u(id, sid, status)
     WHERE r.id = u.id AND r.status = 'SENDING' AND r.provider_message_id IS NULL
     RETURNING r.id, r.cost`;
  const settled = await settleReservationMany(tx, {
    tenantId: c.tenantId,
    reservationKey: c.reservationKey,
    debits: rows.map((r) => ({
      debitKey: debitKeyOf(r.id),
      amount: r.cost,
      description: `campaign:${c.campaignId}`,
    })),
  });
  return { sent: rows.length, charged: settled.credits };
}

export async function applySendOutcomes(
  tx: Tx,
  { campaign: c, outcomes }: { campaign: CampaignRef; outcomes: SendOutcome[] },
): Promise<AppliedCounts> {
  const counts: AppliedCounts = { sent: 0, failed: 0, retrying: 0, inDoubt: 0, charged: 0 };
  const accepted: { recipientId: string; sid: string; status: string }[] = [];
  const failed: { id: string; code: number | null; message: string }[] = [];
  const retry: { id: string; code: number | null; message: string; at: Date }[] = [];
  for (const o of outcomes) {
    const r = o.result;
    if (r.ok) accepted.push({ recipientId: o.recipientId, sid: r.sid, status: r.status });
    else if (r.ambiguous) counts.inDoubt += 1;
    else if (r.kind === 'permanent')
      failed.push({ id: o.recipientId, code: r.code, message: r.message });
    else if (o.attempts >= MAX_SEND_ATTEMPTS)
      failed.push({
        id: o.recipientId,
        code: r.code,
        message: `gave up after ${o.attempts} attempts: ${r.message}`,
      });
    else
      retry.push({
        id: o.recipientId,
        code: r.code,
        message: r.message,
        at: new Date(Date.now() + retryDelayMs(o.attempts)),
      });
  }
  const sent = await markSent(tx, { campaign: c, accepted });
  counts.sent = sent.sent;
  counts.charged = sent.charged;
  if (failed.length > 0) {
    counts.failed = await tx.$executeRaw`
      UPDATE campaign_recipients r SET status = 'FAILED', error_code = u.code, error_message = left(u.message, 500), final_at = now()
        FROM unnest(${failed.map((f) => f.id)}::uuid[], ${failed.map((f) => f.code)}::int[], ${failed.map((f) => f.message)}::text[]) AS u(id, code, message)
       WHERE r.id = u.id AND r.status = 'SENDING' AND r.provider_message_id IS NULL`;
  }
  if (retry.length > 0) {
    counts.retrying = await tx.$executeRaw`
      UPDATE campaign_recipients r SET status = 'PENDING', error_code = u.code, error_message = left(u.message, 500), retry_at = u.at, claimed_at = NULL
        FROM unnest(${retry.map((f) => f.id)}::uuid[], ${retry.map((f) => f.code)}::int[], ${retry.map((f) => f.message)}::text[], ${retry.map((f) => f.at)}::timestamptz[]) AS u(id, code, message, at)
       WHERE r.id = u.id AND r.status = 'SENDING' AND r.provider_message_id IS NULL`;
  }
  return counts;
}
