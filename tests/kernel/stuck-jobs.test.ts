// Stuck jobs: held by a worker whose heartbeat stopped, or locked past the task timeout (plus
// grace). Listed per tenant, released by an admin (audited) or, for dead workers, by the cron
// task; a healthy running job is neither listed nor releasable.
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { withSystemTx } from '../../src/server/db/tx';
import { recordHeartbeat } from '../../src/server/domain/ops/heartbeats';
import { releaseJobsOfDeadWorkers } from '../../src/server/domain/jobs/stuck-jobs';
import { isProcessGone, releaseDeadPredecessors } from '../../src/worker/dead-predecessors';
import {
  callerFor,
  createTenant,
  ownerQuery,
  type TestTenant,
  trpcCode as codeOf,
} from '../helpers/fixtures';
import { jobsOf, runDueJobs } from './support';

async function liveWorker(graphileId: string): Promise<void> {
  await withSystemTx((tx) =>
    recordHeartbeat(tx, {
      workerId: `host:1:${graphileId}`,
      hostname: 'host',
      pid: 1,
      startedAt: new Date(),
      graphileWorkerIds: [graphileId],
    }),
  );
}

/** Queues a probe and makes it look taken by `lockedBy` `secondsAgo` ago, as get_job would. */
async function lockedProbe(
  tenant: TestTenant,
  lockedBy: string,
  secondsAgo: number,
  note: string,
  attempts = 1,
): Promise<string> {
  await callerFor(tenant.owner).ops.probe({ failTimes: 0, note });
  const job = (await jobsOf('ops.probe')).find((j) => j.payload.note === note)!;
  await ownerQuery(
    `UPDATE graphile_worker._private_jobs SET locked_by = $2, locked_at = now() - make_interval(secs => $3), attempts = $4 WHERE id = $1`,
    [job.id, lockedBy, secondsAgo, attempts],
  );
  return job.id;
}

describe('stuck jobs', () => {
  it('lists jobs of dead workers and jobs past their timeout, not healthy ones; release makes them run', async () => {
    const tenant = await createTenant();
    await liveWorker('live-1');
    const orphan = await lockedProbe(tenant, 'gone-1', 60, 'orphan');
    const overdue = await lockedProbe(tenant, 'live-1', 30 + 60 + 5, 'overdue');
    const healthy = await lockedProbe(tenant, 'live-1', 5, 'healthy');
    const admin = callerFor(tenant.owner);

    const stuck = await admin.jobs.stuck.list();
    expect(stuck.map((s) => [s.jobId, s.reason]).sort()).toEqual(
      [
        [orphan, 'worker_gone'],
        [overdue, 'over_timeout'],
      ].sort(),
    );
    expect((await admin.jobs.overview()).stuckJobs).toBe(2);

    expect(await codeOf(admin.jobs.stuck.release({ jobId: healthy }))).toBe('NOT_FOUND');
    expect(await admin.jobs.stuck.release({ jobId: orphan })).toEqual({ jobId: orphan });
    const [released] = (await jobsOf('ops.probe')).filter((j) => j.id === orphan);
    expect(released).toMatchObject({ attempts: 1 });
    expect(await codeOf(admin.jobs.stuck.release({ jobId: orphan }))).toBe('NOT_FOUND');
    await runDueJobs();
    expect((await jobsOf('ops.probe')).map((j) => j.id)).not.toContain(orphan);

    const audits = await withSystemTx((tx) =>
      tx.auditEntry.findMany({
        where: { tenantId: tenant.tenantId, action: 'jobs.stuck.released' },
      }),
    );
    expect(audits.map((a) => a.subject)).toEqual([`job:${orphan}`]);
    expect((await admin.jobs.stuck.list()).map((s) => s.jobId)).toEqual([overdue]);
  });

  it('a job whose worker died during its last attempt gets that attempt back', async () => {
    const tenant = await createTenant();
    const id = await lockedProbe(tenant, 'gone-2', 60, 'last attempt', 5);
    await callerFor(tenant.owner).jobs.stuck.release({ jobId: id });
    const [job] = (await jobsOf('ops.probe')).filter((j) => j.id === id);
    expect(job).toMatchObject({ attempts: 4, max_attempts: 5 });
    await runDueJobs();
    expect((await jobsOf('ops.probe')).map((j) => j.id)).not.toContain(id);
  });

  it("another tenant's stuck jobs are invisible and cannot be released (404)", async () => {
    const a = await createTenant();
    const b = await createTenant();
    const id = await lockedProbe(a, 'gone-3', 60, 'tenant a stuck');
    expect((await callerFor(b.owner).jobs.stuck.list()).map((s) => s.jobId)).not.toContain(id);
    expect(await codeOf(callerFor(b.owner).jobs.stuck.release({ jobId: id }))).toBe('NOT_FOUND');
    expect(await codeOf(callerFor(b.owner).jobs.stuck.release({ jobId: 'nope' }))).toBe(
      'BAD_REQUEST',
    );
    expect((await callerFor(a.owner).jobs.stuck.list()).map((s) => s.jobId)).toContain(id);
  });

  it('the cron task releases jobs of dead workers (all tenants) and leaves overdue ones of live workers to an admin', async () => {
    const a = await createTenant();
    const b = await createTenant();
    await liveWorker('live-4');
    const orphanA = await lockedProbe(a, 'gone-4', 120, 'cron orphan a');
    const orphanB = await lockedProbe(b, 'gone-5', 120, 'cron orphan b');
    const overdue = await lockedProbe(a, 'live-4', 200, 'cron overdue');
    // listed in the console already, but too recently silent for the unattended release
    const recent = await lockedProbe(a, 'gone-6', 20, 'cron recent');
    await ownerQuery(
      `SELECT graphile_worker.add_job('maintenance.release-orphaned-jobs', '{}'::json, max_attempts => 1)`,
    );
    await runDueJobs();
    const left = (await jobsOf('ops.probe')).map((j) => j.id);
    expect(left).not.toContain(orphanA);
    expect(left).not.toContain(orphanB);
    expect(left).toContain(overdue);
    expect(left).toContain(recent);
    expect(
      (await callerFor(a.owner).jobs.stuck.list()).map((s) => [s.jobId, s.reason]).sort(),
    ).toEqual(
      [
        [overdue, 'over_timeout'],
        [recent, 'worker_gone'],
      ].sort(),
    );
  });

  it('releases the jobs of named dead workers once their heartbeat is stale (10 s here), none of anyone else', async () => {
    const tenant = await createTenant();
    await liveWorker('live-7');
    await silentWorker('dead-7', 'elsewhere', 1, 15);
    const dead = await lockedProbe(tenant, 'dead-7', 15, 'dead worker');
    const deadRecent = await lockedProbe(tenant, 'dead-7', 3, 'dead worker, just taken');
    const otherGone = await lockedProbe(tenant, 'gone-7', 15, 'another silent worker');
    const live = await lockedProbe(tenant, 'live-7', 15, 'live worker');
    expect(
      await withSystemTx((tx) =>
        releaseJobsOfDeadWorkers(tx, { graphileWorkerIds: ['dead-7', 'live-7'] }),
      ),
    ).toEqual([dead]);
    expect([await lockedBy(deadRecent), await lockedBy(otherGone), await lockedBy(live)]).toEqual([
      'dead-7',
      'gone-7',
      'live-7',
    ]);
  });

  it('a restarted worker releases the jobs of a predecessor on its host whose process is gone, not of one still running', async () => {
    const tenant = await createTenant();
    const gonePid = 2 ** 30; // above any pid_max: no such process
    expect(isProcessGone(gonePid)).toBe(true);
    expect(isProcessGone(process.ppid)).toBe(false);
    await silentWorker('pred-dead', hostname(), gonePid, 20);
    await silentWorker('pred-running', hostname(), process.ppid, 20);
    const orphan = await lockedProbe(tenant, 'pred-dead', 20, 'predecessor gone');
    const kept = await lockedProbe(tenant, 'pred-running', 20, 'predecessor running');
    const watcher = await releaseDeadPredecessors('me', 5);
    try {
      await expect.poll(() => lockedBy(orphan), { timeout: 5_000 }).toBeNull();
    } finally {
      watcher.stop();
    }
    expect(await lockedBy(kept)).toBe('pred-running');
  });
});

/** A heartbeat from `host` (pid `pid`) last heard `silentSeconds` ago, listing graphile id `graphileId`. */
async function silentWorker(
  graphileId: string,
  host: string,
  pid: number,
  silentSeconds: number,
): Promise<void> {
  await withSystemTx((tx) =>
    recordHeartbeat(tx, {
      workerId: `${host}:${pid}:${graphileId}`,
      hostname: host,
      pid,
      startedAt: new Date(),
      graphileWorkerIds: [graphileId],
    }),
  );
  await ownerQuery(
    `UPDATE worker_heartbeats SET beat_at = now() - make_interval(secs => $2) WHERE worker_id = $1`,
    [`${host}:${pid}:${graphileId}`, silentSeconds],
  );
}

async function lockedBy(jobId: string): Promise<string | null> {
  const [row] = await ownerQuery<{ locked_by: string | null }>(
    'SELECT locked_by FROM graphile_worker._private_jobs WHERE id = $1',
    [jobId],
  );
  return row?.locked_by ?? null;
}
