// One run of a send batch (the campaign.send-batch job). Loops over chunks of its PENDING
// recipients: claim (committed) ▸ send each through the SmsSender ▸ record the outcomes and
// debits (committed). A run killed at any point leaves every recipient either untouched
// (PENDING), recorded, or SENDING-without-id, which the next run resolves by asking the provider
// (resolve-in-doubt.ts) instead of sending twice. The run ends by telling its job when to come
// back (rate limit, backoff, in-doubt grace), or that the batch is done.
import { withTenantTx } from '../../db/tx';
import { getEnv } from '../../env';
import type { SendResult, SmsSender } from '../../providers/twilio/messaging';
import { consumeRateLimit } from '../rate-limit/consume';
import { claimRecipients, dueRecipientIds, nextRetryAt, type ClaimedRecipient } from './claim';
import { applySendOutcomes, type AppliedCounts, type SendOutcome } from './outcomes';
import { IN_DOUBT_GRACE_MS, resolveInDoubt } from './resolve-in-doubt';
import { recipientMessageKey, statusCallbackUrl } from './status-callback';
import { finishIfDone } from './finish';
import { skipPendingOfCancelled } from './cancel';

/** Recipients per claim and per recording transaction (a batch of 500 is five). */
const CHUNK = 100;

export type BatchRef = { tenantId: string; campaignId: string; batchNo: number };
export type BatchRunResult = AppliedCounts & {
  recovered: number;
  requeued: number;
  nextRunAt: Date | null;
  stopped: 'done' | 'wait' | 'not-sending' | 'aborted';
};

export const outboundBucket = (tenantId: string) => `sms-out:${tenantId}`;

async function mapConcurrent<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  });
  await Promise.all(workers);
  return out;
}

async function sendOne(
  sender: SmsSender,
  r: ClaimedRecipient,
  statusCallback: string,
): Promise<SendResult> {
  try {
    return await sender.send({
      to: r.phone,
      body: r.body,
      statusCallback,
      idempotencyKey: recipientMessageKey(r.id),
    });
  } catch (error) {
    // An exception out of the sender is a bug or an unknown failure: the request may have left.
    return {
      ok: false,
      kind: 'transient',
      code: null,
      message: error instanceof Error ? error.message : String(error),
      httpStatus: null,
      ambiguous: true,
    };
  }
}

// opens its own transactions (none is open while the provider is called)
export async function runSendBatch({
  batch: b,
  sender,
  ...options
}: {
  batch: BatchRef;
  sender: SmsSender;
  signal?: AbortSignal;
}): Promise<BatchRunResult> {
  const env = getEnv();
  const result: BatchRunResult = {
    sent: 0,
    failed: 0,
    retrying: 0,
    inDoubt: 0,
    charged: 0,
    recovered: 0,
    requeued: 0,
    nextRunAt: null,
    stopped: 'done',
  };
  const setup = await withTenantTx(b.tenantId, async (tx) => {
    const c = await tx.campaign.findUnique({
      where: { id: b.campaignId },
      select: { status: true, reservationKey: true },
    });
    if (!c?.reservationKey) return null;
    return {
      status: c.status,
      reservationKey: c.reservationKey,
      callback: c.status === 'SENDING' ? await statusCallbackUrl(tx, { tenantId: b.tenantId }) : '',
    };
  });
  if (!setup) return { ...result, stopped: 'not-sending' };
  const ref = { ...b, reservationKey: setup.reservationKey };

  const doubt = await resolveInDoubt({ batch: ref, sender });
  result.recovered = doubt.recovered;
  result.requeued = doubt.requeued;
  let wait: Date | null = doubt.waitUntil;

  // Tokens are taken before the rows they pay for are known; what a run does not use lapses with
  // its window (at most one chunk's worth per run, far below any real limit).
  const tokens = { left: 0 };
  while (setup.status === 'SENDING') {
    if (options.signal?.aborted) {
      result.stopped = 'aborted';
      wait = new Date();
      break;
    }
    // Tokens from the tenant's outbound bucket, taken a chunk at a time in a transaction of their
    // own: the bucket row is one per tenant, and holding its lock through a claim would queue
    // every batch of the tenant behind each other.
    if (tokens.left === 0) {
      const grant = await withTenantTx(b.tenantId, (tx) =>
        consumeRateLimit(tx, {
          bucket: outboundBucket(b.tenantId),
          limit: env.CAMPAIGN_SEND_RATE_PER_MINUTE,
          windowSeconds: 60,
          take: CHUNK,
        }),
      );
      if (grant.granted === 0) {
        const until = new Date(Date.now() + Math.max(250, grant.resetInMs));
        wait = wait && wait < until ? wait : until;
        break;
      }
      tokens.left = grant.granted;
    }
    const claim = await withTenantTx(b.tenantId, async (tx) => {
      const [c] = await tx.$queryRaw<
        { status: string }[]
      >`SELECT status::text FROM campaigns WHERE id = ${b.campaignId}::uuid`;
      if (c?.status !== 'SENDING') return { kind: 'stop' as const };
      const ids = await dueRecipientIds(tx, { ...b, limit: Math.min(CHUNK, tokens.left) });
      return { kind: 'claimed' as const, claimed: await claimRecipients(tx, { ids }) };
    });
    if (claim.kind === 'stop') break;
    if (claim.claimed.length === 0) break;
    tokens.left -= claim.claimed.length;
    const results = await mapConcurrent(claim.claimed, env.CAMPAIGN_SEND_CONCURRENCY, (r) =>
      sendOne(sender, r, setup.callback),
    );
    const outcomes: SendOutcome[] = claim.claimed.map((r, i) => ({
      recipientId: r.id,
      attempts: r.attempts,
      result: results[i]!,
    }));
    const applied = await withTenantTx(b.tenantId, (tx) =>
      applySendOutcomes(tx, { campaign: ref, outcomes }),
    );
    for (const k of ['sent', 'failed', 'retrying', 'inDoubt', 'charged'] as const)
      result[k] += applied[k];
  }

  await withTenantTx(b.tenantId, async (tx) => {
    await skipPendingOfCancelled(tx, { campaignId: b.campaignId });
    const retryAt = await nextRetryAt(tx, b);
    if (retryAt && (!wait || retryAt < wait)) wait = retryAt;
    await finishIfDone(tx, { campaignId: b.campaignId });
  });
  // Sends that answered ambiguously this run: check them once their grace has passed.
  if (result.inDoubt > 0) {
    const ripe = await withTenantTx(
      b.tenantId,
      (tx) => tx.$queryRaw<{ at: Date | null }[]>`
      SELECT min(claimed_at) + ${IN_DOUBT_GRACE_MS} * interval '1 millisecond' AS at FROM campaign_recipients
       WHERE campaign_id = ${b.campaignId}::uuid AND batch_no = ${b.batchNo} AND status = 'SENDING' AND provider_message_id IS NULL`,
    );
    const at = ripe[0]?.at;
    if (at && (!wait || at < wait)) wait = at;
  }
  result.nextRunAt = wait;
  if (wait && result.stopped === 'done') result.stopped = 'wait';
  return result;
}
