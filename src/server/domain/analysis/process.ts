// The one idempotent step that turns an analysis job's result into our rows, used by every path
// that learns about a result (a callback, the poller, a retry): under withLock('analysis:<job
// id>') it asks the service for the job by id (a callback is a hint, never the truth), skips a
// result whose output hash was already processed, and otherwise stores the result, completes the
// job, marks the recording ANALYSED and applies the suggested outcome to the lead in this one
// transaction. analysis_results is unique per job: the constraint has the last word should two
// processors ever get past the lock.
//
// The service call runs inside the locked transaction on purpose: the lock must cover "fetch,
// compare, apply" so two processors never both see a result as new. The call is bounded (10 s,
// client.ts) and the transaction is the analysis.process job's own, never a webhook's.
import { withTenantTx, type Tx } from '../../db/tx';
import { withLock } from '../../db/lock';
import type { LeadStatus } from '../../db/generated/client';
import type { AnalysisJobResource } from '../../providers/analysis/api-schemas';
import { AnalysisApiError, type AnalysisClient } from '../../providers/analysis/client';
import { getAnalysisClient } from '../../simulators/clients';
import { recordAudit } from '../audit/record';
import { applyAnalysisOutcome, type AnalysisOutcomeApplied } from '../leads/apply-analysis-outcome';
import { countAnalysisFailure, type AnalysisFailureReason } from './failures';

export type ProcessOutcome =
  | 'applied'
  | 'failed'
  /** The service is still working on it. */
  | 'pending'
  /** Already final here, or the service's result has the hash already processed. */
  | 'already-processed'
  /** No provider job id stored yet: the submit job has not settled. */
  | 'not-submitted'
  | 'missing';

export type ProcessDeps = { client?: AnalysisClient; lastAttempt?: boolean };

export const processLockKey = (analysisJobId: string) => `analysis:${analysisJobId}`;

type LockedJob = {
  id: string;
  recording_session_id: string;
  provider_job_id: string | null;
  status: string;
  output_hash: string | null;
};

type Step = { outcome: ProcessOutcome; failure?: AnalysisFailureReason };

async function markFailed(
  tx: Tx,
  tenantId: string,
  job: LockedJob,
  reason: AnalysisFailureReason,
  message: string,
): Promise<Step> {
  const now = new Date();
  await tx.analysisJob.update({
    where: { id: job.id },
    data: {
      status: 'FAILED',
      lastError: message.slice(0, 2000),
      lastCheckedAt: now,
      completedAt: now,
    },
  });
  await tx.recordingSession.updateMany({
    where: { id: job.recording_session_id, status: { in: ['UPLOADED', 'ANALYSING'] } },
    data: { status: 'FAILED', endedReason: `analysis failed: ${message.slice(0, 200)}` },
  });
  await recordAudit(tx, {
    tenantId,
    action: 'analysis.failed',
    subject: `analysis_job:${job.id}`,
    detail: { recordingSessionId: job.recording_session_id, reason, error: message.slice(0, 500) },
  });
  return { outcome: 'failed', failure: reason };
}

async function applyResult(
  tx: Tx,
  tenantId: string,
  job: LockedJob,
  resource: AnalysisJobResource & { result: NonNullable<AnalysisJobResource['result']> },
  outputHash: string,
): Promise<Step> {
  const { result } = resource;
  const resultAt = resource.completed_at ? new Date(resource.completed_at) : new Date();
  const suggested: LeadStatus | null = result.suggested_lead_status;
  const now = new Date();
  await tx.analysisResult.create({
    data: {
      tenantId,
      analysisJobId: job.id,
      recordingSessionId: job.recording_session_id,
      summary: result.summary,
      sentiment: result.sentiment,
      objections: result.objections,
      nextSteps: result.next_steps,
      suggestedOutcome: suggested,
      raw: resource,
      outputHash,
      resultAt,
    },
  });
  await tx.analysisJob.update({
    where: { id: job.id },
    data: {
      status: 'COMPLETED',
      outputHash,
      lastError: null,
      lastCheckedAt: now,
      completedAt: now,
    },
  });
  const session = await tx.recordingSession.update({
    where: { id: job.recording_session_id },
    data: { status: 'ANALYSED' },
    select: { appointment: { select: { leadId: true } } },
  });
  let lead: AnalysisOutcomeApplied | null = null;
  if (suggested)
    lead = await applyAnalysisOutcome(tx, {
      leadId: session.appointment.leadId,
      outcome: suggested,
      resultAt,
    });
  await recordAudit(tx, {
    tenantId,
    action: 'analysis.applied',
    subject: `analysis_job:${job.id}`,
    detail: {
      recordingSessionId: job.recording_session_id,
      leadId: session.appointment.leadId,
      outputHash,
      suggestedOutcome: suggested,
      leadStatusApplied: lead?.applied ?? false,
      ...(lead && !lead.applied ? { leadNotChangedBecause: lead.reason } : {}),
    },
  });
  return { outcome: 'applied' };
}

async function step(
  tx: Tx,
  tenantId: string,
  analysisJobId: string,
  client: AnalysisClient,
): Promise<Step> {
  const rows = await tx.$queryRaw<LockedJob[]>`
    SELECT id, recording_session_id, provider_job_id, status::text AS status, output_hash
      FROM analysis_jobs WHERE id = ${analysisJobId}::uuid FOR UPDATE`;
  const job = rows[0];
  if (!job) return { outcome: 'missing' };
  // A final job has nothing left to learn from the service: no call for a late duplicate.
  if (job.status === 'COMPLETED' || job.status === 'FAILED')
    return { outcome: 'already-processed' };
  if (!job.provider_job_id) return { outcome: 'not-submitted' };
  let resource: AnalysisJobResource;
  try {
    resource = await client.getJob(job.provider_job_id);
  } catch (error) {
    // 404: the service does not know the id we stored; asking again cannot help. Other
    // permanent answers (401: our key) are our configuration, so they retry to a dead letter
    // rather than failing every analysis in flight.
    if (error instanceof AnalysisApiError && error.httpStatus === 404)
      return markFailed(tx, tenantId, job, 'not_found', error.message);
    throw error;
  }
  if (resource.status === 'failed')
    return markFailed(
      tx,
      tenantId,
      job,
      'provider_failed',
      resource.error ?? 'the service reported failure',
    );
  if (resource.status !== 'completed' || !resource.result || !resource.output_hash) {
    await tx.analysisJob.update({ where: { id: job.id }, data: { lastCheckedAt: new Date() } });
    return { outcome: 'pending' };
  }
  if (job.output_hash === resource.output_hash) return { outcome: 'already-processed' };
  return applyResult(
    tx,
    tenantId,
    job,
    { ...resource, result: resource.result },
    resource.output_hash,
  );
}

/** Fetches the job's result from the service and applies it at most once. */
export async function processAnalysisJob(
  tenantId: string,
  analysisJobId: string,
  deps: ProcessDeps = {},
): Promise<ProcessOutcome> {
  const client = deps.client ?? getAnalysisClient();
  let result: Step;
  try {
    result = await withTenantTx(tenantId, (tx) =>
      withLock(tx, processLockKey(analysisJobId), () => step(tx, tenantId, analysisJobId, client)),
    );
  } catch (error) {
    if (deps.lastAttempt) countAnalysisFailure('retries_exhausted');
    throw error;
  }
  // Counted once the failure is committed, never for a rolled-back attempt.
  if (result.failure) countAnalysisFailure(result.failure);
  return result.outcome;
}
