// Queue counts for the console (the caller's tenant) and for the metrics gauges (every tenant,
// read inside withSystemTx by the worker at scrape time).
import type { Tx } from '../../db/tx';
import { countStuckJobs } from './stuck-jobs';
import { countStuckCampaigns } from '../campaigns/reconcile';

export type QueueCounts = { ready: number; scheduled: number; running: number; failed: number };

export async function getQueueCounts(tx: Tx): Promise<QueueCounts> {
  const [row] = await tx.$queryRaw<
    { ready: bigint; scheduled: bigint; running: bigint; failed: bigint }[]
  >`SELECT * FROM app_job_counts()`;
  return {
    ready: Number(row?.ready ?? 0),
    scheduled: Number(row?.scheduled ?? 0),
    running: Number(row?.running ?? 0),
    failed: Number(row?.failed ?? 0),
  };
}

/** queue_depth = jobs runnable now that no worker has picked up yet. */
export async function getJobStats(
  tx: Tx,
): Promise<{ queueDepth: number; deadLetters: number; stuckJobs: number; stuckCampaigns: number }> {
  const [counts, deadLetters, stuckJobs, stuckCampaigns] = await Promise.all([
    getQueueCounts(tx),
    tx.deadLetter.count({ where: { status: 'dead' } }),
    countStuckJobs(tx),
    countStuckCampaigns(tx),
  ]);
  return { queueDepth: counts.ready, deadLetters, stuckJobs, stuckCampaigns };
}
