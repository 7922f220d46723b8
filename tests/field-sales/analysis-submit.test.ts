// Submitting recordings to the analysis service and what becomes of failures, against the
// simulator over real HTTP and the real graphile-worker: one remote job per recording however
// often the submit runs (a crash between the service creating its job and us storing its id
// included), transient 503s retried until they pass, permanent refusals and failed analyses
// FAILED and counted in analysis_job_failures_total{reason}, the provider metrics fed.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { withTenantTx } from '../../src/server/db/tx';
import { processAnalysisJob } from '../../src/server/domain/analysis/process';
import { submitIdempotencyKey } from '../../src/server/domain/analysis/submit';
import { recordingKey } from '../../src/server/domain/recordings/get-storage';
import { enqueueProcess } from '../../src/server/domain/analysis/poll';
import { AnalysisApiError } from '../../src/server/providers/analysis/client';
import { getAnalysisClient } from '../../src/server/simulators/clients';
import {
  clearAnalysisBehaviours,
  setAnalysisBehaviour,
} from '../../src/server/simulators/analysis/behaviour';
import { createTenant, ownerQuery } from '../helpers/fixtures';
import { metricValue } from '../helpers/metrics';
import { jobsOf, makeAllDue, runDueJobs } from '../kernel/support';
import {
  analysisTenant,
  jobStates,
  readTestAudio,
  simulatorJobsFor,
  startAnalysisApp,
  submit,
  uploadedRecording,
  type AnalysisTenant,
  type TestApp,
} from './analysis-support';

let app: TestApp;
let tenant: AnalysisTenant;

beforeAll(async () => {
  app = await startAnalysisApp();
  tenant = await analysisTenant();
});
afterAll(() => app.close());
beforeEach(() => setAnalysisBehaviour('*', { delayMs: 0 }));
afterEach(() => clearAnalysisBehaviours());

const failures = (reason: string) => metricValue('analysis_job_failures_total', { reason });
const jobOf = async (sessionId: string) =>
  (
    await ownerQuery<{
      id: string;
      status: string;
      provider_job_id: string | null;
      attempts: number;
      last_error: string | null;
    }>(
      'SELECT id, status::text, provider_job_id, attempts, last_error FROM analysis_jobs WHERE recording_session_id = $1',
      [sessionId],
    )
  )[0]!;
const sessionStatus = async (sessionId: string) =>
  (
    await ownerQuery<{ status: string }>(
      'SELECT status::text FROM recording_sessions WHERE id = $1',
      [sessionId],
    )
  )[0]!.status;

describe('analysis.submit', () => {
  it('creates one remote job, stores its id, moves the recording to ANALYSING; a rerun changes nothing', async () => {
    const rec = await uploadedRecording(tenant);
    const created = await submit(tenant, rec.sessionId);
    expect(created).toMatchObject({ outcome: 'submitted' });
    const job = await jobOf(rec.sessionId);
    expect(job).toMatchObject({ status: 'SUBMITTED', attempts: 1 });
    expect(job.provider_job_id).toMatch(/^aj_/);
    expect(await sessionStatus(rec.sessionId)).toBe('ANALYSING');
    expect(await submit(tenant, rec.sessionId)).toEqual({
      outcome: 'already-submitted',
      analysisJobId: job.id,
    });
    expect(await simulatorJobsFor(rec.sessionId)).toBe(1);
    const audits = await ownerQuery<{ action: string }>(
      "SELECT action FROM audit_entries WHERE tenant_id = $1 AND subject = 'analysis_job:' || $2",
      [tenant.tenantId, job.id],
    );
    expect(audits.map((a) => a.action)).toEqual(['analysis.submitted']);
  });

  it('a retry after a crash between the remote create and our store gets the same remote job', async () => {
    const rec = await uploadedRecording(tenant);
    // What the first attempt did before dying: claimed the row and created the remote job.
    const row = await withTenantTx(tenant.tenantId, (tx) =>
      tx.analysisJob.create({
        data: { tenantId: tenant.tenantId, recordingSessionId: rec.sessionId, attempts: 1 },
        select: { id: true },
      }),
    );
    const [session] = await ownerQuery<{ audio_key: string }>(
      'SELECT audio_key FROM recording_sessions WHERE id = $1',
      [rec.sessionId],
    );
    const remote = await getAnalysisClient().createJob({
      recordingId: rec.sessionId,
      audio: await readTestAudio(session!.audio_key),
      contentType: 'audio/webm',
      callbackUrl: `${app.origin}/api/webhooks/analysis/${tenant.connection.publicId}`,
      idempotencyKey: submitIdempotencyKey(row.id),
      tag: tenant.tenantId,
    });
    const retried = await submit(tenant, rec.sessionId);
    expect(retried).toEqual({
      outcome: 'submitted',
      analysisJobId: row.id,
      providerJobId: remote.id,
    });
    expect(await simulatorJobsFor(rec.sessionId)).toBe(1);
    expect(await jobOf(rec.sessionId)).toMatchObject({ attempts: 2, status: 'SUBMITTED' });
  });

  it('a transient 503 throws for the job to retry, keeps the row PENDING, and the next try submits', async () => {
    const rec = await uploadedRecording(tenant);
    await setAnalysisBehaviour(`recording:${rec.sessionId}`, { apiErrorRate: 1 });
    const errors = () =>
      metricValue('provider_api_errors_total', { provider: 'analysis', endpoint: 'jobs.create' });
    const [errorsBefore, exhaustedBefore] = [await errors(), await failures('retries_exhausted')];
    const error = await submit(tenant, rec.sessionId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AnalysisApiError);
    expect(error).toMatchObject({ kind: 'transient', httpStatus: 503 });
    expect(await jobOf(rec.sessionId)).toMatchObject({
      status: 'PENDING',
      provider_job_id: null,
      last_error: expect.stringContaining('busy') as unknown,
    });
    expect(await errors()).toBe(errorsBefore + 1);
    // The last attempt failing the same way is a dead letter, counted as such.
    await expect(submit(tenant, rec.sessionId, true)).rejects.toBeInstanceOf(AnalysisApiError);
    expect(await failures('retries_exhausted')).toBe(exhaustedBefore + 1);
    await setAnalysisBehaviour(`recording:${rec.sessionId}`, { apiErrorRate: 0 });
    expect(await submit(tenant, rec.sessionId)).toMatchObject({ outcome: 'submitted' });
    expect(await jobOf(rec.sessionId)).toMatchObject({
      status: 'SUBMITTED',
      attempts: 3,
      last_error: null,
    });
    expect(await simulatorJobsFor(rec.sessionId)).toBe(1);
  });

  it('a permanent refusal (415) fails the analysis and the recording, counted as rejected', async () => {
    const rec = await uploadedRecording(tenant, { contentType: 'video/mp4' });
    const before = await failures('rejected');
    expect(await submit(tenant, rec.sessionId)).toMatchObject({
      outcome: 'rejected',
      reason: 'unsupported_media_type',
    });
    expect(await jobOf(rec.sessionId)).toMatchObject({ status: 'FAILED', provider_job_id: null });
    expect(await sessionStatus(rec.sessionId)).toBe('FAILED');
    expect(await failures('rejected')).toBe(before + 1);
    // Final: a rerun neither calls out nor counts again.
    expect(await submit(tenant, rec.sessionId)).toEqual({
      outcome: 'skipped',
      reason: 'already-failed',
    });
    expect(await failures('rejected')).toBe(before + 1);
  });

  it('a tenant without an analysis connection cannot receive results: rejected, not sent', async () => {
    const bare = await createTenant('noconn');
    const withRep = { ...tenant, ...bare };
    const rec = await uploadedRecording(withRep);
    const outcome = await submit(bare, rec.sessionId);
    expect(outcome).toMatchObject({ outcome: 'rejected' });
    expect(await simulatorJobsFor(rec.sessionId)).toBe(0);
  });

  it('audio gone from storage fails the analysis for good instead of retrying', async () => {
    const rec = await uploadedRecording(tenant);
    await ownerQuery('UPDATE recording_sessions SET audio_key = $2 WHERE id = $1', [
      rec.sessionId,
      recordingKey({
        tenantId: tenant.tenantId,
        sessionId: rec.sessionId,
        uploadId: randomUUID(),
        extension: 'webm',
      }),
    ]);
    expect(await submit(tenant, rec.sessionId)).toMatchObject({
      outcome: 'rejected',
      reason: 'audio missing',
    });
    expect(await jobOf(rec.sessionId)).toMatchObject({ status: 'FAILED' });
    expect(await simulatorJobsFor(rec.sessionId)).toBe(0);
  });

  it('skips a session that never got its audio, and one that is gone', async () => {
    const rec = await uploadedRecording(tenant);
    await ownerQuery("UPDATE recording_sessions SET status = 'ABANDONED' WHERE id = $1", [
      rec.sessionId,
    ]);
    expect(await submit(tenant, rec.sessionId)).toEqual({
      outcome: 'skipped',
      reason: 'not-uploaded',
    });
    expect(await submit(tenant, '00000000-0000-4000-8000-000000000000')).toEqual({
      outcome: 'skipped',
      reason: 'missing',
    });
  });
});

describe('failures while processing', () => {
  it('the service reports the analysis failed: job and recording FAILED, counted provider_failed, once', async () => {
    const rec = await uploadedRecording(tenant);
    await setAnalysisBehaviour(`recording:${rec.sessionId}`, { failRate: 1, dropRate: 1 });
    const { analysisJobId } = (await submit(tenant, rec.sessionId)) as { analysisJobId: string };
    const before = await failures('provider_failed');
    expect(await processAnalysisJob(tenant.tenantId, analysisJobId)).toBe('failed');
    expect(await processAnalysisJob(tenant.tenantId, analysisJobId)).toBe('already-processed');
    expect(await failures('provider_failed')).toBe(before + 1);
    expect(await jobOf(rec.sessionId)).toMatchObject({
      status: 'FAILED',
      last_error: expect.stringContaining('could not be transcribed') as unknown,
    });
    expect(await sessionStatus(rec.sessionId)).toBe('FAILED');
  });

  it('a job id the service does not know (404) is FAILED as not_found', async () => {
    const rec = await uploadedRecording(tenant);
    const { analysisJobId } = (await submit(tenant, rec.sessionId)) as { analysisJobId: string };
    await ownerQuery(
      "UPDATE analysis_jobs SET provider_job_id = 'aj_000000000000000000000000' WHERE id = $1",
      [analysisJobId],
    );
    const before = await failures('not_found');
    expect(await processAnalysisJob(tenant.tenantId, analysisJobId)).toBe('failed');
    expect(await failures('not_found')).toBe(before + 1);
  });

  it('a 503 on the result fetch fails the analysis.process attempt; the worker retries and applies it once', async () => {
    const rec = await uploadedRecording(tenant);
    await setAnalysisBehaviour(`recording:${rec.sessionId}`, { dropRate: 1 });
    const { analysisJobId } = (await submit(tenant, rec.sessionId)) as { analysisJobId: string };
    await setAnalysisBehaviour(`recording:${rec.sessionId}`, { dropRate: 1, apiErrorRate: 1 });
    await withTenantTx(tenant.tenantId, (tx) =>
      enqueueProcess(tx, { tenantId: tenant.tenantId, analysisJobId }),
    );
    await runDueJobs();
    const [failed] = (await jobsOf('analysis.process')).filter((j) =>
      j.key?.endsWith(analysisJobId),
    );
    expect(failed).toMatchObject({ attempts: 1 });
    expect(failed!.last_error).toMatch(/503|busy/);
    expect((await jobStates(tenant.tenantId)).find((j) => j.id === analysisJobId)).toMatchObject({
      status: 'SUBMITTED',
      results: 0,
    });
    await setAnalysisBehaviour(`recording:${rec.sessionId}`, { apiErrorRate: 0 });
    await makeAllDue();
    await runDueJobs();
    expect((await jobStates(tenant.tenantId)).find((j) => j.id === analysisJobId)).toMatchObject({
      status: 'COMPLETED',
      session_status: 'ANALYSED',
      results: 1,
      applied_audits: 1,
      lead_set_by: 'ANALYSIS',
    });
    expect(
      (await jobsOf('analysis.process')).filter((j) => j.key?.endsWith(analysisJobId)),
    ).toEqual([]);
  });
});
