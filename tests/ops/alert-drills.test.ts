// Alert drills for the job queue: each alert's failure caused for real (a real graphile-worker in
// this process, and a worker child process that is SIGKILLed mid-job), the registry scraped before
// and after, promtool run on the scraped series against docs/ops/prometheus/alerts.yml (fires on
// the failure, quiet on the healthy and the repaired scrape), and the console repair, where the
// runbook names one, made through the page's own tRPC procedure and found in the audit trail.
// The drills share one tenant and run in order; each takes its own healthy scrape first.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withSystemTx, withTenantTx } from '../../src/server/db/tx';
import { resetEnvForTests } from '../../src/server/env';
import { getJobStats } from '../../src/server/domain/jobs/queue-stats';
import { enqueue } from '../../src/server/jobs/enqueue';
import { registerJobStats } from '../../src/server/obs/metrics';
import { startWorker, type WorkerHandle } from '../../src/worker/worker';
import { callerFor, createTenant, ownerQuery, type TestTenant } from '../helpers/fixtures';
import { waitFor } from '../helpers/wait-for';
import { makeAllDue } from '../kernel/support';
import { expectPromtool, hold, repeat, scrape, valueIn, type Scrape } from './promtool';

const root = path.resolve(import.meta.dirname, '../..');
const HEARTBEAT_SECONDS = 1;

let tenant: TestTenant;
let admin: ReturnType<typeof callerFor>;
let worker: WorkerHandle | undefined;
let child: ChildProcess | undefined;
let spare: SpareWorker | undefined;

type SpareWorker = { start: () => ChildProcess };

/**
 * `npm run worker` (src/worker/main.ts) as a child process, its modules loaded ahead (that takes
 * seconds; the other drills run meanwhile) and started when asked.
 */
function spareWorkerProcess(): SpareWorker {
  const preload = [
    './src/worker/worker.ts',
    './src/worker/metrics-server.ts',
    './src/server/obs/sentry.ts',
  ];
  const script = `${preload.map((m) => `await import('${m}');`).join(' ')}
    process.stdin.once('data', () => import('./src/worker/main.ts'));`;
  const proc = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: root,
    env: {
      ...process.env,
      SWITCHBOARD_PROCESS: 'worker',
      WORKER_HEARTBEAT_SECONDS: String(HEARTBEAT_SECONDS),
      WORKER_CONCURRENCY: '1',
      WORKER_METRICS_PORT: '0',
      LOG_LEVEL: 'silent',
    },
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  child = proc;
  return {
    start: () => {
      proc.stdin.write('start\n');
      return proc;
    },
  };
}

beforeAll(async () => {
  // Stale after two periods (2 s): a dead worker's job is stuck within seconds, not minutes.
  process.env.WORKER_HEARTBEAT_SECONDS = String(HEARTBEAT_SECONDS);
  resetEnvForTests();
  // As the web process does: the job gauges are read from the database at scrape time.
  registerJobStats(() => withSystemTx((tx) => getJobStats(tx)));
  spare = spareWorkerProcess();
  tenant = await createTenant('drill-jobs');
  admin = callerFor(tenant.owner);
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await worker?.stop();
});

const startInProcessWorker = () =>
  startWorker({
    ownerUrl: process.env.DATABASE_URL!,
    concurrency: 8,
    heartbeatSeconds: HEARTBEAT_SECONDS,
    pollIntervalMs: 100,
  });

const probeRuns = (note: string) =>
  withTenantTx(tenant.tenantId, (tx) => tx.probeRun.findMany({ where: { note } }));

const auditEntries = (action: string, subject: string) =>
  withTenantTx(tenant.tenantId, (tx) => tx.auditEntry.findMany({ where: { action, subject } }));

const gauge = (s: Scrape, name: string) => valueIn(s, name);

/** The p95 bucket's interpolation in histogram_quantile when every run fell in (5 s, 30 s]. */
const P95_ALL_IN_5_TO_30 = '28.75s';

describe('alert drills: the job queue and the worker', () => {
  it('DeadLettersGrowing: a probe that fails every attempt; Dead letters → Retry', async () => {
    worker = await startInProcessWorker();
    const healthy = await scrape();
    const before = gauge(healthy, 'dead_letters')!;

    // Two planned failures, two attempts: the second failure is the last (backoff skipped).
    await admin.ops.probe({ failTimes: 2, maxAttempts: 2, note: 'drill: dead letter' });
    const letter = await waitFor(async () => {
      await makeAllDue();
      return (await admin.jobs.deadLetters.list({ status: 'dead' })).items[0];
    });
    expect(letter).toMatchObject({ task: 'ops.probe', attempts: 2 });
    const failing = await scrape();
    expect(gauge(failing, 'dead_letters')).toBe(before + 1);

    // The console's Retry: the same job with a fresh budget; its third run succeeds.
    await admin.jobs.deadLetters.retry({ id: letter.id });
    await waitFor(
      () => admin.jobs.deadLetters.get({ id: letter.id }),
      (l) => l.status === 'resolved',
    );
    const repaired = await scrape();
    expect(gauge(repaired, 'dead_letters')).toBe(before);
    const [audit] = await auditEntries('jobs.dead_letter.retried', `dead-letter:${letter.id}`);
    expect(audit).toMatchObject({ actorId: tenant.owner.userId });

    await expectPromtool('DeadLettersGrowing', [
      { name: 'healthy scrape', phases: [hold(healthy, 25)], fires: [] },
      {
        name: 'a job failed for good',
        // The rise must be inside the 30 min delta window when it is evaluated (minute 24).
        phases: [hold(healthy, 10), hold(failing, 15)],
        fires: [
          {
            labels: { severity: 'ticket' },
            annotations: {
              summary: 'New dead letters in the last 30 minutes',
              description:
                'Open dead letters rose by about 1 in 30 minutes: jobs exhausted every attempt and their work is not done until someone retries or discards them.',
              runbook_url: 'docs/runbooks/dead-letters-growing.md',
            },
          },
        ],
      },
      { name: 'after Retry', phases: [hold(repaired, 25)], fires: [] },
    ]);
  });

  it('JobDurationHigh: probes holding a transaction for 5.5 s (job_duration_seconds, observed by the task wrapper)', async () => {
    const completed = (s: Scrape) =>
      valueIn(s, 'job_duration_seconds_count', { task: 'ops.probe', outcome: 'success' }) ?? 0;
    /** Scrapes before and after one probe run holding `holdMs`. */
    const window = async (holdMs: number, note: string) => {
      const from = await scrape();
      await admin.ops.probe({ holdMs, note });
      const to = await waitFor(scrape, (s) => completed(s) === completed(from) + 1, {
        timeoutMs: holdMs + 15_000,
      });
      expect((await probeRuns(note)).length).toBe(1);
      return [from, to] as const;
    };
    // Healthy: a probe with no hold (milliseconds). Failing: one held past the 5 s bucket bound,
    // the cheapest run that lands above the alert's 10 s p95 (all runs in (5, 30] → 28.75 s).
    const [h0, h1] = await window(0, 'drill: fast');
    const [f0, f1] = await window(5_500, 'drill: slow');
    const [r0, r1] = await window(0, 'drill: fast again');

    await expectPromtool('JobDurationHigh', [
      { name: 'healthy: fast probes', phases: [repeat(h0, h1, 40)], fires: [] },
      {
        name: 'slow probes for half an hour',
        phases: [repeat(h0, h1, 5), repeat(f0, f1, 35)],
        fires: [
          {
            labels: { severity: 'ticket', task: 'ops.probe' },
            annotations: {
              summary: 'Slow jobs: ops.probe',
              description: `p95 run time of ops.probe is ${P95_ALL_IN_5_TO_30} over 15 minutes, closer to its timeout than it should be.`,
              runbook_url: 'docs/runbooks/job-duration-high.md',
            },
          },
        ],
      },
      // Nothing to release (the slow runs finished); fast runs again keep it quiet.
      { name: 'fast again', phases: [repeat(r0, r1, 40)], fires: [] },
    ]);
  });

  it('WorkerHeartbeatMissing and QueueDepthHigh: the worker stops while jobs keep coming; starting a worker repairs both', async () => {
    const healthy = await scrape();
    expect(gauge(healthy, 'worker_heartbeat_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(gauge(healthy, 'worker_heartbeat_age_seconds')).toBeLessThan(HEARTBEAT_SECONDS * 2);

    // The only worker stops: its heartbeat row goes with it, so no worker has one (-1).
    await worker!.stop();
    worker = undefined;
    const noWorker = await scrape();
    expect(gauge(noWorker, 'worker_heartbeat_age_seconds')).toBe(-1);

    // Work keeps arriving (enqueued as requests do, in their transaction): 510 jobs, no worker.
    await withTenantTx(tenant.tenantId, async (tx) => {
      for (let i = 0; i < 510; i++)
        await enqueue(tx, 'ops.probe', { tenantId: tenant.tenantId, failTimes: 0, note: 'queued' });
    });
    const backlog = await scrape();
    const depth = gauge(backlog, 'queue_depth')!;
    expect(depth).toBeGreaterThanOrEqual(510);

    // The runbooks' repair (no console action): start a worker; it beats and drains the queue.
    worker = await startInProcessWorker();
    const repaired = await waitFor(scrape, (s) => gauge(s, 'queue_depth') === 0, {
      timeoutMs: 30_000,
    });
    expect(gauge(repaired, 'worker_heartbeat_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(gauge(repaired, 'worker_heartbeat_age_seconds')).toBeLessThan(HEARTBEAT_SECONDS * 2);

    await expectPromtool('WorkerHeartbeatMissing', [
      { name: 'healthy scrape', phases: [hold(healthy, 8)], fires: [] },
      {
        name: 'no worker has a heartbeat row',
        phases: [hold(healthy, 2), hold(noWorker, 6)],
        fires: [
          {
            labels: { severity: 'page' },
            annotations: {
              summary: 'No worker heartbeat',
              description:
                'No worker has a heartbeat row. No jobs run: webhook processing, campaign sends and the cron sweeps wait.',
              runbook_url: 'docs/runbooks/worker-heartbeat-missing.md',
            },
          },
        ],
      },
      { name: 'worker started again', phases: [hold(repaired, 8)], fires: [] },
    ]);
    await expectPromtool('QueueDepthHigh', [
      { name: 'healthy scrape', phases: [hold(healthy, 16)], fires: [] },
      {
        name: 'a backlog with no worker',
        phases: [hold(healthy, 2), hold(backlog, 14)],
        fires: [
          {
            labels: { severity: 'page' },
            annotations: {
              summary: 'Job queue backlog',
              description: `${depth} jobs have been ready to run with no free worker for 10 minutes: webhook processing and campaign sends are delayed.`,
              runbook_url: 'docs/runbooks/queue-depth-high.md',
            },
          },
        ],
      },
      { name: 'drained', phases: [hold(repaired, 16)], fires: [] },
    ]);
  });

  it('StuckJobs: a worker process SIGKILLed in the middle of a job; Stuck jobs → Release', async () => {
    // The in-process worker must not take the job: only the child runs one.
    await worker!.stop();
    worker = undefined;
    const proc = spare!.start();
    child = proc;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    await waitFor(
      async () =>
        (await ownerQuery('SELECT 1 FROM worker_heartbeats WHERE pid = $1', [proc.pid])).length > 0,
      { timeoutMs: 30_000 },
    );
    const healthy = await scrape();
    expect(gauge(healthy, 'stuck_jobs')).toBe(0);

    await admin.ops.probe({ holdMs: 2_000, note: 'drill: stuck' });
    const [job] = await waitFor(
      () =>
        ownerQuery<{ id: string }>(
          `SELECT j.id::text AS id FROM graphile_worker._private_jobs j
            WHERE j.payload->>'note' = 'drill: stuck' AND j.locked_by IS NOT NULL`,
        ),
      (rows) => rows.length === 1,
    );
    proc.kill('SIGKILL');
    await exited;
    child = undefined;

    // Its heartbeat goes stale (2 s): the job is held by a worker that is gone.
    const listed = await waitFor(
      () => admin.jobs.stuck.list(),
      (rows) => rows.some((r) => r.jobId === job!.id),
    );
    expect(listed.find((r) => r.jobId === job!.id)?.reason).toBe('worker_gone');
    const failing = await scrape();
    expect(gauge(failing, 'stuck_jobs')).toBe(1);

    // The console's Release: the job is runnable again, and nothing is stuck.
    expect(await admin.jobs.stuck.release({ jobId: job!.id })).toEqual({ jobId: job!.id });
    const repaired = await scrape();
    expect(gauge(repaired, 'stuck_jobs')).toBe(0);
    const [released] = await ownerQuery<{ locked_by: string | null }>(
      'SELECT locked_by FROM graphile_worker._private_jobs WHERE id = $1',
      [job!.id],
    );
    expect(released).toEqual({ locked_by: null });
    const [audit] = await auditEntries('jobs.stuck.released', `job:${job!.id}`);
    expect(audit).toMatchObject({ actorId: tenant.owner.userId });

    await expectPromtool('StuckJobs', [
      { name: 'healthy scrape', phases: [hold(healthy, 16)], fires: [] },
      {
        name: 'a job held by a dead worker',
        phases: [hold(healthy, 2), hold(failing, 14)],
        fires: [
          {
            labels: { severity: 'ticket' },
            annotations: {
              summary: 'Jobs stuck for 10 minutes',
              description:
                '1 job(s) are locked past their timeout or by a worker whose heartbeat stopped; graphile-worker alone would free them only after 4 hours.',
              runbook_url: 'docs/runbooks/stuck-jobs.md',
            },
          },
        ],
      },
      { name: 'after Release', phases: [hold(repaired, 16)], fires: [] },
    ]);
  });
});
