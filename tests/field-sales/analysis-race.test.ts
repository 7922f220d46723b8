// Webhook and polling racing on the same result, 100 times, on separate connections: each round
// a signed callback goes through the real ingest route and the real event application (what
// webhooks.process runs) while the poller queues the same job; then both run processAnalysisJob
// at the same moment (what analysis.process runs; the queue's job key would otherwise keep
// them apart). Exactly one of the two applies the result; afterwards the real
// worker drains every job both paths queued and none applies anything again. The rows say so:
// one analysis_results row per job, the lead changed by one application, one audit entry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withSystemTx, withTenantTx } from '../../src/server/db/tx';
import { pollQuietAnalyses } from '../../src/server/domain/analysis/poll';
import { processAnalysisJob } from '../../src/server/domain/analysis/process';
import { applyWebhookEvent } from '../../src/server/domain/webhooks/process';
import { callbackDelivery } from '../../src/server/simulators/analysis/callbacks';
import { loadSimulatedJob } from '../../src/server/simulators/analysis/jobs';
import {
  clearAnalysisBehaviours,
  setAnalysisBehaviour,
} from '../../src/server/simulators/analysis/behaviour';
import { ownerQuery } from '../helpers/fixtures';
import { runDueJobs } from '../kernel/support';
import { send } from '../webhooks/helpers';
import {
  analysisTenant,
  jobStates,
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
  // Results at once, and no callbacks of the simulator's own: this test sends them.
  await setAnalysisBehaviour(`tag:${tenant.tenantId}`, { delayMs: 0, dropRate: 1 });
});
afterAll(async () => {
  await clearAnalysisBehaviours();
  await app.close();
});

const ROUNDS = 100;

/** Resolves once both paths reached their processing step, so the two start it together. */
function barrier(parties: number): () => Promise<void> {
  let arrived = 0;
  let release!: () => void;
  const all = new Promise<void>((resolve) => (release = resolve));
  return () => {
    arrived += 1;
    if (arrived === parties) release();
    return all;
  };
}

async function webhookPath(
  analysisJobId: string,
  providerJobId: string,
  together: () => Promise<void>,
) {
  const job = (await loadSimulatedJob(providerJobId))!;
  const response = await send('analysis', callbackDelivery(job, 1, tenant.connection.secret));
  expect(response.status).toBe(200);
  const [event] = await ownerQuery<{ id: string }>(
    "SELECT id FROM webhook_events WHERE tenant_id = $1 AND payload->'data'->>'analysisId' = $2",
    [tenant.tenantId, providerJobId],
  );
  expect(await withTenantTx(tenant.tenantId, (tx) => applyWebhookEvent(tx, event!.id))).toBe(
    'applied',
  );
  await together();
  return processAnalysisJob(tenant.tenantId, analysisJobId);
}

async function pollingPath(analysisJobId: string, together: () => Promise<void>) {
  await withSystemTx((tx) => pollQuietAnalyses(tx, 0));
  await together();
  return processAnalysisJob(tenant.tenantId, analysisJobId);
}

describe('webhook and polling racing on one result', () => {
  it(`${ROUNDS} rounds: each result processed exactly once, whoever comes first`, async () => {
    const winners = { webhook: 0, polling: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const rec = await uploadedRecording(tenant);
      const submitted = await submit(tenant, rec.sessionId);
      if (submitted.outcome !== 'submitted')
        throw new Error(`round ${round}: ${submitted.outcome}`);
      const together = barrier(2);
      const [viaWebhook, viaPolling] = await Promise.all([
        webhookPath(submitted.analysisJobId, submitted.providerJobId, together),
        pollingPath(submitted.analysisJobId, together),
      ]);
      expect([viaWebhook, viaPolling].sort()).toEqual(['already-processed', 'applied']);
      winners[viaWebhook === 'applied' ? 'webhook' : 'polling'] += 1;
    }
    // What both paths queued (the handler's and the poller's analysis.process jobs) runs now,
    // in the real worker, and finds nothing new.
    await runDueJobs();
    const states = await jobStates(tenant.tenantId);
    expect(states).toHaveLength(ROUNDS);
    for (const s of states)
      expect(s).toMatchObject({
        status: 'COMPLETED',
        session_status: 'ANALYSED',
        results: 1,
        applied_audits: 1,
        lead_set_by: 'ANALYSIS',
      });
    const [totals] = await ownerQuery<{ results: number; applied: number; leads_changed: number }>(
      `SELECT (SELECT count(*)::int FROM analysis_results WHERE tenant_id = $1) AS results,
              (SELECT count(*)::int FROM audit_entries WHERE tenant_id = $1 AND action = 'analysis.applied') AS applied,
              (SELECT count(*)::int FROM audit_entries WHERE tenant_id = $1 AND action = 'analysis.applied'
                 AND (detail->>'leadStatusApplied')::boolean) AS leads_changed`,
      [tenant.tenantId],
    );
    expect(totals).toEqual({ results: ROUNDS, applied: ROUNDS, leads_changed: ROUNDS });
    // Each lead's status carries its one result's time: applied from that result, once.
    const mismatched = await ownerQuery(
      `SELECT l.id FROM analysis_results r JOIN recording_sessions s ON s.id = r.recording_session_id
         JOIN appointments a ON a.id = s.appointment_id JOIN leads l ON l.id = a.lead_id
        WHERE r.tenant_id = $1 AND (l.status_result_at IS DISTINCT FROM r.result_at OR l.status <> r.suggested_outcome)`,
      [tenant.tenantId],
    );
    expect(mismatched).toEqual([]);
    const [queue] = await ownerQuery<{ n: number }>(
      `SELECT count(*)::int AS n FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
        WHERE t.identifier IN ('analysis.process', 'webhooks.process')`,
    );
    expect(queue).toEqual({ n: 0 });
    // Both paths won some rounds: the race was real, not one path always first.
    expect(winners.webhook).toBeGreaterThan(0);
    expect(winners.polling).toBeGreaterThan(0);
  }, 240_000);
});
