// A job past its timeout is stopped, not abandoned: the attempt's signal aborts, the database work
// it was doing is terminated, and its retry starts only after it has stopped. Before this, the
// timeout only raced the handler, so the retry ran beside an attempt still holding its
// transaction (here: two sleeping probes at once).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type WorkerHandle } from '../../src/worker/worker';
import { taskDefinitions } from '../../src/server/jobs/definitions';
import { callerFor, createTenant, ownerQuery, type TestTenant } from '../helpers/fixtures';

const TIMEOUT_MS = 800;
const originalTimeout = taskDefinitions['ops.probe'].timeoutMs;
let worker: WorkerHandle;
let tenant: TestTenant;

beforeAll(async () => {
  // Only this file's worker runs the probe; its timeout is shortened for the test.
  taskDefinitions['ops.probe'].timeoutMs = TIMEOUT_MS;
  tenant = await createTenant('timeout');
  worker = await startWorker({
    ownerUrl: process.env.DATABASE_URL!,
    concurrency: 2,
    heartbeatSeconds: 2,
    pollIntervalMs: 100,
  });
});
afterAll(async () => {
  await worker.stop();
  taskDefinitions['ops.probe'].timeoutMs = originalTimeout;
});

const sleepingProbes = async () =>
  (
    await ownerQuery<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND query LIKE '%pg_sleep%' AND pid <> pg_backend_pid()`,
    )
  )[0]!.n;

describe('a job past its timeout', () => {
  it('is stopped (its transaction terminated) before its retry starts, and dead-letters with the timeout', async () => {
    await callerFor(tenant.owner).ops.probe({
      failTimes: 0,
      note: 'too slow',
      holdMs: 10_000,
      maxAttempts: 2,
    });
    const started = Date.now();
    let most = 0;
    let sawSleeping = false;
    // Watch the database for the whole life of the job: both attempts and the backoff between.
    for (;;) {
      const n = await sleepingProbes();
      most = Math.max(most, n);
      if (n > 0) sawSleeping = true;
      const [dead] = await ownerQuery<{ last_error: string; attempts: number }>(
        `SELECT last_error, attempts FROM dead_letters WHERE task = 'ops.probe' AND payload->>'note' = 'too slow'`,
      );
      if (dead) {
        expect(dead.last_error).toContain('exceeded its 800 ms timeout');
        expect(dead.attempts).toBe(2);
        break;
      }
      if (Date.now() - started > 20_000) throw new Error('the timed-out job never finished');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(sawSleeping).toBe(true);
    // Never two attempts at once; and each was cut at its timeout, not after its 10 s of work.
    expect(most).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
    // Nothing is left running in the database.
    await expect.poll(sleepingProbes, { timeout: 2_000 }).toBe(0);
  }, 30_000);
});
