// The job runner for real: graphile-worker over this file's database, the real task list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, ownerQuery, type TestTenant } from './helpers/fixtures';
import { withSystemTx, withTenantTx } from '../src/server/db/tx';
import { enqueue } from '../src/server/jobs/enqueue';
import { createCaller } from '../src/server/trpc/root';
import { createInnerContext } from '../src/server/trpc/context';
import { startWorker, type WorkerHandle } from '../src/worker/worker';
import { checkReadiness } from '../src/server/health/readiness';
import { getRegistry } from '../src/server/obs/metrics';
import { waitFor } from './helpers/wait-for';

let tenant: TestTenant;
let worker: WorkerHandle | undefined;

const jobCount = async (task: string) =>
  (
    await ownerQuery<{ n: number }>(
      `SELECT count(*)::int AS n FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id WHERE t.identifier = $1`,
      [task],
    )
  )[0]!.n;

/** The probe's own record of each completed run (the job's outcome, not an audit entry). */
const probeRuns = (note: string) =>
  withTenantTx(tenant.tenantId, (tx) => tx.probeRun.findMany({ where: { note } }));

beforeAll(async () => {
  tenant = await createTenant('worker');
});
afterAll(async () => {
  await worker?.stop();
});

describe('enqueue inside the caller’s transaction', () => {
  it('a rolled-back transaction enqueues nothing; a committed one enqueues exactly one job', async () => {
    const before = await jobCount('ops.probe');
    await withTenantTx(tenant.tenantId, async (tx) => {
      await enqueue(tx, 'ops.probe', {
        tenantId: tenant.tenantId,
        failTimes: 0,
        note: 'rolled back',
      });
      throw new Error('abort');
    }).catch(() => undefined);
    expect(await jobCount('ops.probe')).toBe(before);
    await withTenantTx(tenant.tenantId, (tx) =>
      enqueue(tx, 'ops.probe', { tenantId: tenant.tenantId, failTimes: 0, note: 'committed' }),
    );
    expect(await jobCount('ops.probe')).toBe(before + 1);
  });

  it('refuses an invalid payload before it reaches the queue', async () => {
    await expect(
      withTenantTx(tenant.tenantId, (tx) =>
        enqueue(tx, 'ops.probe', { tenantId: 'not-a-uuid', failTimes: 0 }),
      ),
    ).rejects.toThrow();
  });
});

describe('the worker process', () => {
  it('runs a job enqueued by a request, carrying the request id, and counts the outcome', async () => {
    worker = await startWorker({
      ownerUrl: process.env.DATABASE_URL!,
      concurrency: 2,
      heartbeatSeconds: 3,
      pollIntervalMs: 100,
    });
    const caller = createCaller(
      createInnerContext({ principal: tenant.owner, requestId: 'req-worker-test-1' }),
    );
    await caller.ops.probe({ failTimes: 0, note: 'from request' });
    const [run] = await waitFor(async () => {
      const runs = await probeRuns('from request');
      return runs.length ? runs : null;
    });
    expect(run!.requestId).toBe('req-worker-test-1');
    // The audit trail holds the person's request only; the worker's run is not an action.
    const audited = await withTenantTx(tenant.tenantId, (tx) =>
      tx.auditEntry.findMany({ where: { action: { startsWith: 'ops.probe' } } }),
    );
    expect(audited.map((a) => [a.action, a.actorId])).toEqual([
      ['ops.probe.requested', tenant.owner.userId],
    ]);
    const metrics = await getRegistry().getSingleMetricAsString('jobs_completed_total');
    expect(metrics).toMatch(/jobs_completed_total\{task="ops.probe"\} [1-9]/);
  });

  it('retries a failing job and succeeds on the attempt after the planned failures', async () => {
    await withTenantTx(tenant.tenantId, (tx) =>
      enqueue(tx, 'ops.probe', { tenantId: tenant.tenantId, failTimes: 1, note: 'fails once' }),
    );
    // graphile-worker's first retry waits ~e^1 s.
    const [run] = await waitFor(
      async () => {
        const runs = await probeRuns('fails once');
        return runs.length ? runs : null;
      },
      { timeoutMs: 20_000 },
    );
    expect(run!.attempt).toBe(2);
  });

  it('beats while alive: /ready’s worker check passes', async () => {
    const readiness = await checkReadiness();
    expect(readiness.checks.find((c) => c.name === 'worker')).toMatchObject({ ok: true });
    expect(readiness.ok).toBe(true);
  });

  it('a graceful stop lets the running job finish, then /ready names the worker', async () => {
    await withTenantTx(tenant.tenantId, (tx) =>
      enqueue(tx, 'ops.probe', {
        tenantId: tenant.tenantId,
        failTimes: 0,
        note: 'slow',
        holdMs: 1500,
      }),
    );
    await waitFor(
      async () =>
        (
          await ownerQuery<{ n: number }>(
            `SELECT count(*)::int AS n FROM graphile_worker._private_jobs WHERE locked_at IS NOT NULL`,
          )
        )[0]!.n > 0,
    );
    await worker!.stop();
    worker = undefined;
    expect(await probeRuns('slow')).toHaveLength(1);
    const readiness = await checkReadiness();
    expect(readiness.ok).toBe(false);
    expect(readiness.checks.find((c) => c.name === 'worker')).toMatchObject({ ok: false });
    expect(readiness.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['worker']);
  });

  it('a stale heartbeat (a killed worker) fails the worker check', async () => {
    await withSystemTx((tx) =>
      tx.workerHeartbeat.create({
        data: {
          workerId: 'dead-one',
          hostname: 'h',
          pid: 1,
          startedAt: new Date(Date.now() - 60_000),
          beatAt: new Date(Date.now() - 10_000),
        },
      }),
    );
    const check = (await checkReadiness()).checks.find((c) => c.name === 'worker');
    expect(check?.ok).toBe(false);
    expect(check?.detail).toMatch(/last heartbeat/);
  });
});
