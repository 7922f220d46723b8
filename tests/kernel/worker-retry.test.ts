// The real runner (startWorker: graphile-worker run(), events, heartbeat, cron) rather than
// single passes: a failed attempt is retried after its jittered backoff, and a dead letter retried
// from the API is picked up and completed without waiting for a poll.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type WorkerHandle } from '../../src/worker/worker';
import { withTenantTx } from '../../src/server/db/tx';
import { getRegistry } from '../../src/server/obs/metrics';
import { resetEnvForTests } from '../../src/server/env';
import { callerFor, createTenant, ownerQuery, type TestTenant } from '../helpers/fixtures';
import { jobsOf } from './support';

// A heartbeat older than 2 × 2 s marks a worker gone; a job held longer than that by a live
// worker must still not count as stuck.
process.env.WORKER_HEARTBEAT_SECONDS = '2';
resetEnvForTests();

let worker: WorkerHandle;
let tenant: TestTenant;

beforeAll(async () => {
  tenant = await createTenant();
  worker = await startWorker({
    ownerUrl: process.env.DATABASE_URL!,
    concurrency: 2,
    heartbeatSeconds: 2,
    pollIntervalMs: 200,
  });
});
afterAll(async () => {
  await worker.stop();
});

async function until<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Completed probe runs, as the probe records them (the job's outcome, not an audit entry). */
const completions = () =>
  withTenantTx(tenant.tenantId, (tx) => tx.probeRun.findMany({ orderBy: { createdAt: 'asc' } }));

describe('the running worker', () => {
  it('retries a failed attempt after the backoff and completes it', async () => {
    const started = Date.now();
    await callerFor(tenant.owner).ops.probe({ failTimes: 1, note: 'retry once' });
    const done = await until(completions, (rows) => rows.length === 1, 15_000);
    expect(done).toHaveLength(1);
    expect(done[0]).toMatchObject({ attempt: 2, note: 'retry once' });
    // exp(1) s of backoff at least, plus jitter of at most half of it
    expect(Date.now() - started).toBeGreaterThanOrEqual(Math.E * 1000 - 50);
  });

  it('a dead letter retried from the API is completed by the worker', async () => {
    await ownerQuery(
      `SELECT graphile_worker.add_job('ops.probe', $1::json, max_attempts => 1, job_key => 'probe:worker-dl')`,
      [JSON.stringify({ tenantId: tenant.tenantId, failTimes: 1, note: 'dead then retried' })],
    );
    const admin = callerFor(tenant.owner);
    const listed = await until(
      () => admin.jobs.deadLetters.list({}),
      (l) => l.total === 1,
      10_000,
    );
    const letter = listed.items[0]!;
    expect(letter).toMatchObject({ status: 'dead', attempts: 1, jobKey: 'probe:worker-dl' });
    await admin.jobs.deadLetters.retry({ id: letter.id });
    const resolved = await until(
      () => admin.jobs.deadLetters.get({ id: letter.id }),
      (d) => d.status === 'resolved',
      10_000,
    );
    expect(resolved.status).toBe('resolved');
    expect(await completions()).toContainEqual(
      expect.objectContaining({ note: 'dead then retried', attempt: 2 }),
    );
  });

  it('a job running longer than the heartbeat staleness on a live worker is not stuck', async () => {
    await callerFor(tenant.owner).ops.probe({ failTimes: 0, note: 'long runner', holdMs: 7_000 });
    const running = await until(
      async () => (await jobsOf('ops.probe')).find((j) => j.payload.note === 'long runner'),
      (job) => job?.attempts === 1,
      5_000,
    );
    expect(running).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 5_000)); // locked > 4 s now
    expect((await jobsOf('ops.probe')).map((j) => j.id)).toContain(running!.id);
    expect(await callerFor(tenant.owner).jobs.stuck.list()).toEqual([]);
    await until(completions, (rows) => rows.some((r) => r.note === 'long runner'), 10_000);
  });

  it('exports queue_depth, dead_letters and stuck_jobs from the worker process', async () => {
    const text = await getRegistry().metrics();
    expect(text).toMatch(/^queue_depth \d+$/m);
    expect(text).toMatch(/^dead_letters \d+$/m);
    expect(text).toMatch(/^stuck_jobs \d+$/m);
  });
});
