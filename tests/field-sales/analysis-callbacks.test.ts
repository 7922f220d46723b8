// Results by every road at once, with the real worker: analysis.submit queued as the upload does,
// the simulator's callbacks duplicated, reordered and dropped (its own callback job posting to the
// real ingest route), and the poller for what no callback brings. Every result is applied exactly
// once and none is lost. Then the callbacks that must not count: a bad signature is refused
// before anything is stored, and an authentic callback is only ever a hint.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withSystemTx, withTenantTx } from '../../src/server/db/tx';
import { enqueue } from '../../src/server/jobs/enqueue';
import { resetEnvForTests } from '../../src/server/env';
import { processAnalysisJob } from '../../src/server/domain/analysis/process';
import { signAnalysis } from '../../src/server/simulators/analysis/deliveries';
import {
  clearAnalysisBehaviours,
  setAnalysisBehaviour,
} from '../../src/server/simulators/analysis/behaviour';
import { startWorker, type WorkerHandle } from '../../src/worker/worker';
import { ownerQuery } from '../helpers/fixtures';
import { runDueJobs } from '../kernel/support';
import { metricValue } from '../helpers/metrics';
import { waitFor } from '../helpers/wait-for';
import { send } from '../webhooks/helpers';
import {
  analysisTenant,
  jobStates,
  startAnalysisApp,
  submit,
  uploadedRecording,
  type TestApp,
} from './analysis-support';

let app: TestApp;
let worker: WorkerHandle | undefined;

beforeAll(async () => {
  process.env.ANALYSIS_POLL_AFTER_SECONDS = '2';
  app = await startAnalysisApp();
  resetEnvForTests();
});
afterAll(async () => {
  await worker?.stop();
  await clearAnalysisBehaviours();
  await app.close();
});

const RECORDINGS = 24;

describe('results by duplicated, reordered and dropped callbacks and by polling', () => {
  it(`${RECORDINGS} recordings through the real worker: each result applied exactly once`, async () => {
    const tenant = await analysisTenant();
    await setAnalysisBehaviour(`tag:${tenant.tenantId}`, {
      delayMs: 300,
      duplicates: 3,
      reorderMs: 1_500,
      dropRate: 0.35,
    });
    const recordings = await Promise.all(
      Array.from({ length: RECORDINGS }, () => uploadedRecording(tenant)),
    );
    // What the upload does in its transaction (twice: a duplicate enqueue is one job).
    for (let i = 0; i < 2; i++)
      await withTenantTx(tenant.tenantId, async (tx) => {
        for (const r of recordings)
          await enqueue(
            tx,
            'analysis.submit',
            { tenantId: tenant.tenantId, recordingSessionId: r.sessionId },
            { jobKey: `analysis.submit:${r.sessionId}` },
          );
      });
    const hitsBefore = await metricValue('webhook_dedupe_hits_total', { provider: 'analysis' });
    worker = await startWorker({
      ownerUrl: process.env.DATABASE_URL!,
      concurrency: 4,
      heartbeatSeconds: 3,
      pollIntervalMs: 100,
    });
    // The cron ticks once a minute; the test ticks the same task every second.
    const tick = setInterval(() => {
      void withSystemTx((tx) => enqueue(tx, 'analysis.poll', {})).catch(() => undefined);
    }, 1_000);
    try {
      await waitFor(
        () => jobStates(tenant.tenantId),
        (s) => s.length === RECORDINGS && s.every((j) => j.status === 'COMPLETED'),
        { timeoutMs: 90_000, intervalMs: 250 },
      );
      // Every planned callback posted, and everything they queued has run.
      await waitFor(
        async () =>
          (
            await ownerQuery<{ planned: number; posted: number; queued: number }>(
              `SELECT (SELECT coalesce(sum(callbacks_planned), 0)::int FROM simulator_analysis_jobs WHERE tag = $1) AS planned,
                      (SELECT count(*)::int FROM simulator_analysis_callbacks c JOIN simulator_analysis_jobs j ON j.id = c.job_id
                        WHERE j.tag = $1 AND c.http_status = 200) AS posted,
                      (SELECT count(*)::int FROM graphile_worker._private_jobs q JOIN graphile_worker._private_tasks t ON t.id = q.task_id
                        WHERE t.identifier IN ('analysis.submit', 'analysis.process', 'webhooks.process', 'simulator.analysis-callback')) AS queued`,
              [tenant.tenantId],
            )
          )[0]!,
        (c) => c.planned === c.posted && c.queued === 0,
        { timeoutMs: 60_000, intervalMs: 250 },
      );
    } finally {
      clearInterval(tick);
    }
    const states = await jobStates(tenant.tenantId);
    for (const s of states)
      expect(s).toMatchObject({
        status: 'COMPLETED',
        session_status: 'ANALYSED',
        results: 1,
        applied_audits: 1,
        lead_set_by: 'ANALYSIS',
      });
    const [roads] = await ownerQuery<{ dropped: number; duplicated: number; remote_jobs: number }>(
      `SELECT count(*) FILTER (WHERE callbacks_planned = 0)::int AS dropped,
              count(*) FILTER (WHERE callbacks_planned = 4)::int AS duplicated,
              count(*)::int AS remote_jobs
         FROM simulator_analysis_jobs WHERE tag = $1`,
      [tenant.tenantId],
    );
    // One remote job per recording; some results came by polling alone, some by 4 callbacks.
    expect(roads!.remote_jobs).toBe(RECORDINGS);
    expect(roads!.dropped).toBeGreaterThan(0);
    expect(roads!.duplicated).toBeGreaterThan(0);
    // Copies reusing a webhook-id were stored once (a dedupe hit), never as a second event.
    expect(
      await metricValue('webhook_dedupe_hits_total', { provider: 'analysis' }),
    ).toBeGreaterThan(hitsBefore);
    await worker.stop();
    worker = undefined;
  }, 180_000);
});

describe('callbacks that must not count', () => {
  it('a bad signature is refused (401) and nothing is stored', async () => {
    const tenant = await analysisTenant();
    const body = JSON.stringify({
      type: 'analysis.completed',
      timestamp: new Date().toISOString(),
      data: { analysisId: 'aj_forged', recordingId: 'x', status: 'completed' },
    });
    const forged = signAnalysis({ url: tenant.connection.url, body, secret: '' }, [
      `whsec_${Buffer.from('not the secret at all!!').toString('base64')}`,
    ]);
    expect((await send('analysis', forged)).status).toBe(401);
    expect(
      await ownerQuery('SELECT id FROM webhook_events WHERE tenant_id = $1', [tenant.tenantId]),
    ).toEqual([]);
  });

  it('an authentic callback is a hint: a claimed result the service does not have is not applied', async () => {
    const tenant = await analysisTenant();
    await setAnalysisBehaviour(`tag:${tenant.tenantId}`, { delayMs: 60_000, dropRate: 1 });
    const rec = await uploadedRecording(tenant);
    const submitted = await submit(tenant, rec.sessionId);
    if (submitted.outcome !== 'submitted') throw new Error(submitted.outcome);
    const claim = (analysisId: string) =>
      signAnalysis(
        {
          url: tenant.connection.url,
          secret: tenant.connection.secret,
          body: JSON.stringify({
            type: 'analysis.completed',
            timestamp: new Date().toISOString(),
            data: {
              analysisId,
              recordingId: rec.sessionId,
              status: 'completed',
              outputHash: 'f'.repeat(64),
            },
          }),
        },
        [tenant.connection.secret],
      );
    // For our job while the service is still working, and for a job id nobody made.
    expect((await send('analysis', claim(submitted.providerJobId))).status).toBe(200);
    expect((await send('analysis', claim('aj_0123456789abcdef01234567'))).status).toBe(200);
    await runDueJobs();
    const events = await ownerQuery<{ status: string }>(
      'SELECT status::text FROM webhook_events WHERE tenant_id = $1',
      [tenant.tenantId],
    );
    expect(events.map((e) => e.status)).toEqual(['PROCESSED', 'PROCESSED']);
    expect(await jobStates(tenant.tenantId)).toEqual([
      expect.objectContaining({ status: 'SUBMITTED', results: 0, output_hash: null }) as unknown,
    ]);
    expect(await processAnalysisJob(tenant.tenantId, submitted.analysisJobId)).toBe('pending');
  });

  it("a tenant's callback naming another tenant's job changes nothing there", async () => {
    const owner = await analysisTenant();
    const other = await analysisTenant();
    await setAnalysisBehaviour(`tag:${owner.tenantId}`, { delayMs: 0, dropRate: 1 });
    const rec = await uploadedRecording(owner);
    const submitted = await submit(owner, rec.sessionId);
    if (submitted.outcome !== 'submitted') throw new Error(submitted.outcome);
    const body = JSON.stringify({
      type: 'analysis.completed',
      timestamp: new Date().toISOString(),
      data: {
        analysisId: submitted.providerJobId,
        recordingId: rec.sessionId,
        status: 'completed',
      },
    });
    const delivery = signAnalysis(
      { url: other.connection.url, body, secret: other.connection.secret },
      [other.connection.secret],
    );
    expect((await send('analysis', delivery)).status).toBe(200);
    await runDueJobs();
    expect(await jobStates(owner.tenantId)).toEqual([
      expect.objectContaining({ status: 'SUBMITTED', results: 0 }) as unknown,
    ]);
    const queued = await ownerQuery(
      `SELECT q.id FROM graphile_worker._private_jobs q WHERE q.key = $1`,
      [`analysis.process:${submitted.analysisJobId}`],
    );
    expect(queued).toEqual([]);
  });
});
