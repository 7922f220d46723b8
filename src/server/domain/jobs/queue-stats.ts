// Queue counts for the console (the caller's tenant) and for the metrics gauges (every tenant,
// read inside withSystemTx by the web and the worker at scrape time).
import type { Tx } from '../../db/tx';
import { getEnv } from '../../env';
import type { JobStats } from '../../obs/metrics';
import { STUCK_AFTER_MS } from '../campaigns/reconcile';
import { heartbeatStaleSeconds, STUCK_GRACE_SECONDS, taskTimeoutsJson } from './task-timeouts';

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

/**
 * Every job gauge of one scrape from ONE statement (a scrape must stay cheap however many gauges
 * read it). The same rules as the console's counts: queue_depth = app_job_counts().ready,
 * stuck_jobs = app_stuck_jobs (stuck-jobs.ts), stuck_campaigns = countStuckCampaigns
 * (campaigns/reconcile.ts), expired reservations = what expireReservations would pick up,
 * active recordings = what idx_recording_sessions_active_appointment holds (PENDING, RECORDING).
 */
export async function getJobStats(tx: Tx): Promise<JobStats> {
  const staleSeconds = heartbeatStaleSeconds(getEnv().WORKER_HEARTBEAT_SECONDS);
  const [row] = await tx.$queryRaw<
    {
      queue_depth: number;
      dead_letters: number;
      stuck_jobs: number;
      stuck_campaigns: number;
      heartbeat_age: number | null;
      expired_open: number;
      recordings_active: number;
    }[]
  >`
    SELECT
      (SELECT ready FROM app_job_counts())::int AS queue_depth,
      (SELECT count(*) FROM dead_letters WHERE status = 'dead')::int AS dead_letters,
      (SELECT count(*) FROM app_stuck_jobs(${taskTimeoutsJson()}::json, ${staleSeconds}::int, ${STUCK_GRACE_SECONDS}::int))::int AS stuck_jobs,
      (SELECT count(*) FROM campaigns
        WHERE status = 'SENDING' AND pending_count > 0
          AND coalesce(last_progress_at, launched_at) <= now() - make_interval(secs => ${STUCK_AFTER_MS / 1000}::float8))::int AS stuck_campaigns,
      (SELECT extract(epoch FROM now() - max(beat_at))::float8 FROM worker_heartbeats) AS heartbeat_age,
      (SELECT count(*) FROM credit_reservations WHERE status = 'PENDING' AND expires_at <= now())::int AS expired_open,
      (SELECT count(*) FROM recording_sessions WHERE status IN ('PENDING', 'RECORDING'))::int AS recordings_active`;
  return {
    queueDepth: row?.queue_depth ?? 0,
    deadLetters: row?.dead_letters ?? 0,
    stuckJobs: row?.stuck_jobs ?? 0,
    stuckCampaigns: row?.stuck_campaigns ?? 0,
    heartbeatAgeSeconds: row?.heartbeat_age ?? null,
    expiredOpenReservations: row?.expired_open ?? 0,
    recordingSessionsActive: row?.recordings_active ?? 0,
  };
}
