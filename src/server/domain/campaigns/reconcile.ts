// The reconciler: repairs what a crash, a lost job or a bug could leave behind. For each campaign
// SENDING (or CANCELLED with its reservation still open) and quiet for `quietMs`: recount its
// totals from the recipient rows, re-enqueue every batch that still has work (same job keys, so a
// batch whose job exists is not doubled), and finish it if it is done; then expire reservations
// past their time. Every fix is a timeline event, a log line and a metric.
import type { Tx } from '../../db/tx';
import { expireReservations } from '../wallet';
import { getMetrics } from '../../obs/metrics';
import { logger } from '../../obs/logger';
import { enqueueBatch } from './batches';
import { finishIfDone } from './finish';
import { recordCampaignEvent } from './events';

export const STUCK_AFTER_MS = 10 * 60_000;
const MAX_PER_RUN = 200;

export type ReconcileAction =
  'recount' | 'requeue_batch' | 'release_reservation' | 'complete' | 'expire_reservation';
export type ReconcileReport = {
  examined: number;
  actions: Record<ReconcileAction, number>;
  campaigns: { id: string; actions: Partial<Record<ReconcileAction, number>> }[];
};

type Counts = {
  pending: number;
  sent: number;
  delivered: number;
  failed: number;
  skipped: number;
  spent: number;
};

async function recount(tx: Tx, campaignId: string): Promise<boolean> {
  const [actual] = await tx.$queryRaw<Counts[]>`
    SELECT count(*) FILTER (WHERE status IN ('PENDING', 'SENDING'))::int AS pending,
           count(*) FILTER (WHERE status = 'SENT')::int AS sent, count(*) FILTER (WHERE status = 'DELIVERED')::int AS delivered,
           count(*) FILTER (WHERE status = 'FAILED')::int AS failed, count(*) FILTER (WHERE status = 'SKIPPED')::int AS skipped,
           coalesce(sum(cost) FILTER (WHERE provider_message_id IS NOT NULL), 0)::int AS spent
      FROM campaign_recipients WHERE campaign_id = ${campaignId}::uuid`;
  const a = actual!;
  const fixed = await tx.$executeRaw`
    UPDATE campaigns SET pending_count = ${a.pending}, sent_count = ${a.sent}, delivered_count = ${a.delivered},
           failed_count = ${a.failed}, skipped_count = ${a.skipped}, credits_spent = ${a.spent},
           total_recipients = ${a.pending + a.sent + a.delivered + a.failed + a.skipped}
     WHERE id = ${campaignId}::uuid
       AND (pending_count, sent_count, delivered_count, failed_count, skipped_count, credits_spent)
           IS DISTINCT FROM (${a.pending}, ${a.sent}, ${a.delivered}, ${a.failed}, ${a.skipped}, ${a.spent})`;
  return fixed > 0;
}

/**
 * Under withSystemTx it covers every tenant (the cron); under a tenant transaction RLS narrows it
 * to that tenant (the console's "Reconcile now", with quietMs 0).
 */
export async function reconcileCampaigns(
  tx: Tx,
  options: { quietMs?: number; now?: Date; actorId?: string | null } = {},
): Promise<ReconcileReport> {
  const now = options.now ?? new Date();
  const quietSince = new Date(now.getTime() - (options.quietMs ?? STUCK_AFTER_MS));
  const metrics = getMetrics();
  const report: ReconcileReport = {
    examined: 0,
    actions: {
      recount: 0,
      requeue_batch: 0,
      release_reservation: 0,
      complete: 0,
      expire_reservation: 0,
    },
    campaigns: [],
  };
  const candidates = await tx.$queryRaw<{ id: string; tenant_id: string }[]>`
    SELECT id, tenant_id FROM campaigns
     WHERE (status = 'SENDING' OR (status = 'CANCELLED' AND finished_at IS NULL AND reservation_key IS NOT NULL))
       AND coalesce(last_progress_at, launched_at, created_at) <= ${quietSince}
     ORDER BY coalesce(last_progress_at, launched_at, created_at) LIMIT ${MAX_PER_RUN}`;
  report.examined = candidates.length;
  const bump = (action: ReconcileAction, mine: Partial<Record<ReconcileAction, number>>, n = 1) => {
    report.actions[action] += n;
    mine[action] = (mine[action] ?? 0) + n;
    metrics.reconcilerActions.inc({ action }, n);
  };
  for (const c of candidates) {
    const mine: Partial<Record<ReconcileAction, number>> = {};
    await tx.$queryRaw`SELECT 1 FROM campaigns WHERE id = ${c.id}::uuid FOR UPDATE`;
    if (await recount(tx, c.id)) bump('recount', mine);
    const batches = await tx.$queryRaw<{ batch_no: number }[]>`
      SELECT DISTINCT batch_no FROM campaign_recipients WHERE campaign_id = ${c.id}::uuid AND status IN ('PENDING', 'SENDING') ORDER BY batch_no`;
    for (const b of batches)
      await enqueueBatch(tx, { tenantId: c.tenant_id, campaignId: c.id, batchNo: b.batch_no });
    if (batches.length > 0) bump('requeue_batch', mine, batches.length);
    const finished = await finishIfDone(tx, { campaignId: c.id });
    if (finished.released !== null) bump('release_reservation', mine);
    if (finished.completed) bump('complete', mine);
    report.campaigns.push({ id: c.id, actions: mine });
    await recordCampaignEvent(tx, {
      tenantId: c.tenant_id,
      campaignId: c.id,
      kind: 'reconciled',
      detail: { actions: mine },
      actorId: options.actorId ?? null,
    });
    logger.info({ campaignId: c.id, tenantId: c.tenant_id, actions: mine }, 'campaign reconciled');
  }
  const expired = await expireReservations(tx, { now });
  if (expired.expired + expired.settled > 0)
    bump('expire_reservation', {}, expired.expired + expired.settled);
  return report;
}

/**
 * SENDING campaigns with messages still to send and quiet for STUCK_AFTER_MS: the stuck_campaigns
 * gauge. One that has sent everything and only waits for delivery reports is not stuck: nothing
 * of ours can move it, and an alert that no repair clears would only teach people to ignore it.
 */
export async function countStuckCampaigns(
  tx: Tx,
  { now = new Date() }: { now?: Date } = {},
): Promise<number> {
  const [row] = await tx.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM campaigns
     WHERE status = 'SENDING' AND pending_count > 0
       AND coalesce(last_progress_at, launched_at) <= ${new Date(now.getTime() - STUCK_AFTER_MS)}`;
  return row?.n ?? 0;
}
