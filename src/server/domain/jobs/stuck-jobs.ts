// Stuck jobs: locked longer than their task's timeout (plus a grace period), or held by a
// graphile worker id that no fresh heartbeat lists (its process died mid-job). graphile-worker
// would only free such a lock after 4 hours; "release" makes the job runnable now. The SQL lives
// in owner-run functions (migration 20261121110000_kernel) limited to the caller's tenant.
import type { Tx } from '../../db/tx';
import { getEnv } from '../../env';
import { redactValue } from '@/lib/redact';
import { getMetrics } from '../../obs/metrics';
import { recordAudit } from '../audit/record';
import { NotFoundError } from '../errors';
import { heartbeatStaleSeconds, STUCK_GRACE_SECONDS, taskTimeoutsJson } from './task-timeouts';
import type { Actor } from '../audit/actor';

export type StuckReason = 'over_timeout' | 'worker_gone';

type StuckRow = {
  id: bigint;
  task: string;
  locked_by: string;
  locked_at: Date;
  attempts: number;
  max_attempts: number;
  job_key: string | null;
  payload: unknown;
  reason: StuckReason;
};

function staleSeconds(): number {
  return heartbeatStaleSeconds(getEnv().WORKER_HEARTBEAT_SECONDS);
}

export async function listStuckJobs(tx: Tx) {
  const rows = await tx.$queryRaw<StuckRow[]>`
    SELECT * FROM app_stuck_jobs(${taskTimeoutsJson()}::json, ${staleSeconds()}::int, ${STUCK_GRACE_SECONDS}::int)
    ORDER BY locked_at`;
  return rows.map((r) => ({
    jobId: r.id.toString(),
    task: r.task,
    lockedBy: r.locked_by,
    lockedAt: r.locked_at,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    jobKey: r.job_key,
    payload: redactValue(r.payload),
    reason: r.reason,
  }));
}

export async function countStuckJobs(tx: Tx): Promise<number> {
  const [row] = await tx.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM app_stuck_jobs(${taskTimeoutsJson()}::json, ${staleSeconds()}::int, ${STUCK_GRACE_SECONDS}::int)`;
  return row?.n ?? 0;
}

/** Unlocks a job that is still stuck by the same rule; anything else (healthy, gone, another tenant's) is 404. */
export async function releaseStuckJob(
  tx: Tx,
  { jobId, actor }: { jobId: string; actor: Actor },
): Promise<{ jobId: string }> {
  if (!/^\d{1,19}$/.test(jobId)) throw new NotFoundError('no stuck job with this id');
  const [row] = await tx.$queryRaw<{ released: bigint | null }[]>`
    SELECT app_release_stuck_job(${BigInt(jobId)}, ${taskTimeoutsJson()}::json, ${staleSeconds()}::int, ${STUCK_GRACE_SECONDS}::int) AS released`;
  if (row?.released === null || row?.released === undefined)
    throw new NotFoundError(
      'no stuck job with this id (it may have finished or been released already)',
    );
  getMetrics().stuckJobsReleased.inc({ mode: 'manual' });
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorId: actor.userId,
    action: 'jobs.stuck.released',
    subject: `job:${jobId}`,
    detail: { jobId },
  });
  return { jobId };
}

/**
 * Cron (withSystemTx): releases every job whose worker is gone. Jobs merely over their timeout
 * are left to an admin: their worker still beats, so the work may still be running. Unattended,
 * it waits longer than the console's listing does (at least a minute of silence), so a worker
 * that only lost its database connection for a moment is not presumed dead.
 */
export async function releaseOrphanedJobs(tx: Tx): Promise<string[]> {
  return releaseWorkerGone(tx, Math.max(60, staleSeconds() * 3), null);
}

/**
 * The jobs held by these graphile worker ids, for a caller that knows those workers are dead (a
 * worker restarted on the same host, whose predecessor's pid is gone: src/worker/dead-predecessors.ts).
 * Still only once their heartbeat is stale by the console's rule, as a last guard for a live one.
 */
export async function releaseJobsOfDeadWorkers(
  tx: Tx,
  { graphileWorkerIds }: { graphileWorkerIds: string[] },
): Promise<string[]> {
  if (graphileWorkerIds.length === 0) return [];
  return releaseWorkerGone(tx, staleSeconds(), graphileWorkerIds);
}

async function releaseWorkerGone(
  tx: Tx,
  silentFor: number,
  lockedBy: string[] | null,
): Promise<string[]> {
  const rows = await tx.$queryRaw<{ released: bigint | null }[]>`
    SELECT app_release_stuck_job(s.id, ${taskTimeoutsJson()}::json, ${silentFor}::int, ${STUCK_GRACE_SECONDS}::int) AS released
      FROM app_stuck_jobs(${taskTimeoutsJson()}::json, ${silentFor}::int, ${STUCK_GRACE_SECONDS}::int) s
     WHERE s.reason = 'worker_gone' AND (${lockedBy}::text[] IS NULL OR s.locked_by = ANY(${lockedBy}::text[]))`;
  const released = rows.flatMap((r) => (r.released === null ? [] : [r.released.toString()]));
  if (released.length) getMetrics().stuckJobsReleased.inc({ mode: 'automatic' }, released.length);
  return released;
}
