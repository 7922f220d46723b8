// Taking recipients for one send attempt. The conditional UPDATE (PENDING → SENDING, committed
// before any send) is what stops two workers from sending the same recipient; SKIP LOCKED lets
// concurrent runs of different batches pass each other.
import type { Tx } from '../../db/tx';

export type ClaimedRecipient = {
  id: string;
  phone: string;
  body: string;
  cost: number;
  attempts: number;
  claimedAt: Date;
};

/** Ids of up to `limit` recipients of the batch due for a send (PENDING, retry time passed). */
export async function dueRecipientIds(
  tx: Tx,
  { limit, ...b }: { campaignId: string; batchNo: number; limit: number },
): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM campaign_recipients
     WHERE campaign_id = ${b.campaignId}::uuid AND batch_no = ${b.batchNo} AND status = 'PENDING'
       AND (retry_at IS NULL OR retry_at <= now())
     ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
  return rows.map((r) => r.id);
}

export async function claimRecipients(
  tx: Tx,
  { ids }: { ids: string[] },
): Promise<ClaimedRecipient[]> {
  if (ids.length === 0) return [];
  const rows = await tx.$queryRaw<
    { id: string; phone: string; body: string; cost: number; attempts: number; claimed_at: Date }[]
  >`
    UPDATE campaign_recipients
       SET status = 'SENDING', attempts = attempts + 1, claimed_at = now(), retry_at = NULL
     WHERE id = ANY(${ids}::uuid[]) AND status = 'PENDING'
     RETURNING id, phone, body, cost, attempts, claimed_at`;
  return rows.map((r) => ({
    id: r.id,
    phone: r.phone,
    body: r.body,
    cost: r.cost,
    attempts: r.attempts,
    claimedAt: r.claimed_at,
  }));
}

/** Recipients of the batch left SENDING with no provider id by a run that died mid-send. */
export async function inDoubtRecipients(tx: Tx, b: { campaignId: string; batchNo: number }) {
  return tx.$queryRaw<
    { id: string; phone: string; body: string; cost: number; claimed_at: Date }[]
  >`
    SELECT id, phone, body, cost, claimed_at FROM campaign_recipients
     WHERE campaign_id = ${b.campaignId}::uuid AND batch_no = ${b.batchNo} AND status = 'SENDING' AND provider_message_id IS NULL
     ORDER BY claimed_at, id LIMIT 1000 FOR UPDATE SKIP LOCKED`;
}

/** When the batch next has something to do: the earliest retry time of its PENDING rows. */
export async function nextRetryAt(
  tx: Tx,
  b: { campaignId: string; batchNo: number },
): Promise<Date | null> {
  const [row] = await tx.$queryRaw<{ at: Date | null }[]>`
    SELECT min(retry_at) AS at FROM campaign_recipients
     WHERE campaign_id = ${b.campaignId}::uuid AND batch_no = ${b.batchNo} AND status = 'PENDING'`;
  return row?.at ?? null;
}
