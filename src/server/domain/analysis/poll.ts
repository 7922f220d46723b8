// The poller (analysis.poll, cron every minute): a callback may be late, dropped or refused, so
// every submitted analysis quiet for ANALYSIS_POLL_AFTER_SECONDS (no check since it was submitted
// or last looked at) gets an analysis.process job. The job key is the one callbacks use, so a
// job already queued is not doubled; 'preserve_run_at' also revives one that died, and makes a
// fresh one when the current run is under way (it may have looked before the result was ready).
import type { Tx } from '../../db/tx';
import { getEnv } from '../../env';
import { enqueue } from '../../jobs/enqueue';

/** Per tick; the oldest first, so a backlog drains in order. */
const MAX_PER_RUN = 1_000;

export const processJobKey = (analysisJobId: string) => `analysis.process:${analysisJobId}`;

/** Queues the analysis.process step for one job (a callback's hint, or the poller's). */
export async function enqueueProcess(
  tx: Tx,
  ref: { tenantId: string; analysisJobId: string },
): Promise<void> {
  await enqueue(tx, 'analysis.process', ref, {
    jobKey: processJobKey(ref.analysisJobId),
    jobKeyMode: 'preserve_run_at',
  });
}

/** Runs in a system transaction (all tenants); answers how many jobs it queued. */
export async function pollQuietAnalyses(
  tx: Tx,
  quietSeconds = getEnv().ANALYSIS_POLL_AFTER_SECONDS,
): Promise<number> {
  const quiet = await tx.$queryRaw<{ id: string; tenant_id: string }[]>`
    SELECT id, tenant_id FROM analysis_jobs
     WHERE status = 'SUBMITTED'
       AND greatest(submitted_at, last_checked_at) < now() - ${quietSeconds}::int * interval '1 second'
     ORDER BY greatest(submitted_at, last_checked_at)
     LIMIT ${MAX_PER_RUN}`;
  for (const job of quiet)
    await enqueueProcess(tx, { tenantId: job.tenant_id, analysisJobId: job.id });
  return quiet.length;
}
