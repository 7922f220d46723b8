// Jobs that fail: jittered exponential backoff, a dead letter when attempts run out (or at once
// for a payload that can never be valid), retry under the same job and key, bulk retry, discard
// with a reason, tenant isolation, audit, metrics. Jobs run through real graphile-worker passes
// (runOnce) with the worker's real task list; only the backoff wait is skipped (run_at = now()).
import { describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { withSystemTx, withTenantTx } from '../../src/server/db/tx';
import { requestProbe } from '../../src/server/domain/ops/probe';
import { actorOf } from '../../src/server/domain/audit/actor';
import { getJobStats } from '../../src/server/domain/jobs/queue-stats';
import { getRegistry, registerJobStats } from '../../src/server/obs/metrics';
import {
  addPerson,
  callerFor,
  createTenant,
  ownerQuery,
  type TestTenant,
  trpcCode as codeOf,
} from '../helpers/fixtures';
import { jobsOf, makeAllDue, runDueJobs } from './support';

/** Runs `passes` worker passes, skipping the backoff between them. */
async function runPasses(passes: number): Promise<void> {
  for (let i = 0; i < passes; i++) {
    await makeAllDue();
    await runDueJobs();
  }
}

const probeJobsOf = async (tenant: TestTenant) =>
  (await jobsOf('ops.probe')).filter((j) => j.payload.tenantId === tenant.tenantId);
const auditOf = (tenant: TestTenant, action: string) =>
  withTenantTx(tenant.tenantId, (tx) =>
    tx.auditEntry.findMany({ where: { action }, orderBy: { createdAt: 'asc' } }),
  );

describe('retry backoff', () => {
  it('adds random jitter on top of graphile-worker exponential delay', async () => {
    const tenant = await createTenant();
    for (let i = 0; i < 8; i++)
      await callerFor(tenant.owner).ops.probe({ failTimes: 1, note: `jitter ${i}` });
    const [{ t0 }] = (await ownerQuery<{ t0: Date }>('SELECT now() AS t0')) as [{ t0: Date }];
    await runDueJobs();
    const [{ t1 }] = (await ownerQuery<{ t1: Date }>('SELECT now() AS t1')) as [{ t1: Date }];
    const jobs = await probeJobsOf(tenant);
    expect(jobs).toHaveLength(8);
    const e = Math.E * 1000;
    for (const job of jobs) {
      expect(job.attempts).toBe(1);
      expect(job.last_error).toContain('probe failing on purpose');
      expect(job.run_at.getTime()).toBeGreaterThanOrEqual(t0.getTime() + e - 5);
      expect(job.run_at.getTime()).toBeLessThanOrEqual(t1.getTime() + 1.5 * e + 5);
      expect(typeof job.payload._meta?.firstFailedAt).toBe('string');
    }
    // jobs that failed together do not retry together
    const spread = new Set(jobs.map((j) => j.run_at.getTime()));
    expect(spread.size).toBeGreaterThan(4);
    await runPasses(1);
    expect(await probeJobsOf(tenant)).toHaveLength(0);
  });
});

describe('dead letters', () => {
  it('a task that throws until its attempts run out becomes a dead letter; retry from the API completes it', async () => {
    const tenant = await createTenant();
    const admin = callerFor(tenant.owner);
    await admin.ops.probe({ failTimes: 5, note: 'ring +4915112345678 or jane.doe@example.com' });
    await runPasses(5);

    const [job] = await probeJobsOf(tenant);
    expect(job).toMatchObject({ attempts: 5, max_attempts: 5 });
    const listed = await admin.jobs.deadLetters.list({});
    expect(listed.total).toBe(1);
    const letter = listed.items[0]!;
    expect(letter).toMatchObject({
      task: 'ops.probe',
      status: 'dead',
      attempts: 5,
      jobId: job!.id,
      retryCount: 0,
    });
    expect(letter.lastError).toContain(
      'probe failing on purpose (attempt 5 of 5 planned failures)',
    );
    expect(letter.firstFailedAt.getTime()).toBeLessThan(letter.lastFailedAt.getTime());
    // PII masked in the view, kept intact in storage for the retry
    expect(JSON.stringify(letter.payload)).not.toContain('jane.doe@example.com');
    expect(JSON.stringify(letter.payload)).not.toContain('4915112345678');
    const [stored] = await ownerQuery<{ payload: { note: string }; tenant_id: string }>(
      'SELECT payload, tenant_id FROM dead_letters WHERE id = $1',
      [letter.id],
    );
    expect(stored).toMatchObject({
      tenant_id: tenant.tenantId,
      payload: { note: 'ring +4915112345678 or jane.doe@example.com' },
    });
    expect(await admin.jobs.overview()).toMatchObject({
      deadLetters: { status: { dead: 1 } },
      queue: { failed: 1 },
    });

    const retried = await admin.jobs.deadLetters.retry({ id: letter.id });
    expect(retried).toEqual({ id: letter.id, jobId: job!.id });
    // the same graphile job, revived with a fresh budget; runs before the retry are remembered
    const [revived] = await probeJobsOf(tenant);
    expect(revived).toMatchObject({ id: job!.id, attempts: 0, max_attempts: 5 });
    expect(revived!.payload._meta).toMatchObject({ priorAttempts: 5 });
    expect((await admin.jobs.deadLetters.get({ id: letter.id })).status).toBe('retrying');

    await runDueJobs();
    expect(await probeJobsOf(tenant)).toHaveLength(0);
    const done = await admin.jobs.deadLetters.get({ id: letter.id });
    expect(done).toMatchObject({ status: 'resolved', retryCount: 1 });
    expect(done.resolvedAt).not.toBeNull();
    // The run itself is the probe's outcome (probe_runs), not an audit entry.
    const completed = await withTenantTx(tenant.tenantId, (tx) => tx.probeRun.findMany());
    expect(completed).toHaveLength(1);
    expect(completed[0]).toMatchObject({ attempt: 6, jobId: BigInt(job!.id) });
    const audits = await auditOf(tenant, 'jobs.dead_letter.retried');
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      actorId: tenant.owner.userId,
      subject: `dead-letter:${letter.id}`,
    });

    expect(await codeOf(admin.jobs.deadLetters.retry({ id: letter.id }))).toBe('CONFLICT');
  });

  it('a retried job that fails again reopens the same dead letter with its lifetime attempts', async () => {
    const tenant = await createTenant();
    const admin = callerFor(tenant.owner);
    await admin.ops.probe({ failTimes: 10 });
    await runPasses(5);
    const [letter] = (await admin.jobs.deadLetters.list({})).items;
    await admin.jobs.deadLetters.retry({ id: letter!.id });
    await runPasses(5); // attempts 6-10 fail too
    const again = await admin.jobs.deadLetters.get({ id: letter!.id });
    expect(again).toMatchObject({ status: 'dead', attempts: 10, retryCount: 1 });
    expect(again.firstFailedAt).toEqual(letter!.firstFailedAt);
    expect((await admin.jobs.deadLetters.list({})).total).toBe(1);
    await admin.jobs.deadLetters.retry({ id: letter!.id });
    await runDueJobs();
    expect((await admin.jobs.deadLetters.get({ id: letter!.id })).status).toBe('resolved');
  });

  it('a payload that can never be valid is a dead letter after one attempt', async () => {
    const tenant = await createTenant();
    await ownerQuery(`SELECT graphile_worker.add_job('ops.probe', $1::json, max_attempts => 5)`, [
      JSON.stringify({ tenantId: tenant.tenantId, failTimes: 'often' }),
    ]);
    await runDueJobs();
    const { items } = await callerFor(tenant.owner).jobs.deadLetters.list({});
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ attempts: 1, status: 'dead' });
    expect(items[0]!.lastError).toContain('PermanentJobError: invalid payload');
  });

  it('retry keeps the job key; if graphile lost the row, the work is enqueued again under that key', async () => {
    const tenant = await createTenant();
    const payload = JSON.stringify({
      tenantId: tenant.tenantId,
      failTimes: 1,
      note: 'keyed',
      _meta: { requestId: 'req-keyed-1' },
    });
    await ownerQuery(
      `SELECT graphile_worker.add_job('ops.probe', $1::json, max_attempts => 1, job_key => 'probe:keyed-1')`,
      [payload],
    );
    await runDueJobs();
    const admin = callerFor(tenant.owner);
    const [letter] = (await admin.jobs.deadLetters.list({})).items;
    expect(letter).toMatchObject({
      jobKey: 'probe:keyed-1',
      requestId: 'req-keyed-1',
      attempts: 1,
    });
    await ownerQuery('DELETE FROM graphile_worker._private_jobs WHERE id = $1', [letter!.jobId]);

    const retried = await admin.jobs.deadLetters.retry({ id: letter!.id });
    expect(retried.jobId).not.toBe(letter!.jobId);
    const [job] = await probeJobsOf(tenant);
    expect(job).toMatchObject({
      id: retried.jobId,
      key: 'probe:keyed-1',
      attempts: 0,
      max_attempts: 5,
    });
    expect(job!.payload._meta).toMatchObject({ requestId: 'req-keyed-1', priorAttempts: 1 });
    await runDueJobs();
    expect((await admin.jobs.deadLetters.get({ id: letter!.id })).status).toBe('resolved');
  });

  it('bulk retry by filter, and discard with a reason (audited, graphile row removed)', async () => {
    const tenant = await createTenant();
    const admin = callerFor(tenant.owner);
    for (const note of ['bulk a', 'bulk b', 'discard me'])
      await admin.ops.probe({ failTimes: 5, note });
    await runPasses(5);
    const { items } = await admin.jobs.deadLetters.list({});
    expect(items).toHaveLength(3);
    const victim = items.find((i) => JSON.stringify(i.payload).includes('discard me'))!;

    expect(await codeOf(admin.jobs.deadLetters.discard({ id: victim.id, reason: '  ' }))).toBe(
      'BAD_REQUEST',
    );
    expect((await admin.jobs.deadLetters.get({ id: victim.id })).status).toBe('dead');
    await admin.jobs.deadLetters.discard({
      id: victim.id,
      reason: 'probe from a test, not needed',
    });
    const discarded = await admin.jobs.deadLetters.get({ id: victim.id });
    expect(discarded).toMatchObject({
      status: 'discarded',
      discardReason: 'probe from a test, not needed',
    });
    expect((await probeJobsOf(tenant)).map((j) => j.id)).not.toContain(victim.jobId);
    expect(await codeOf(admin.jobs.deadLetters.discard({ id: victim.id, reason: 'again' }))).toBe(
      'CONFLICT',
    );
    expect(await codeOf(admin.jobs.deadLetters.retry({ id: victim.id }))).toBe('CONFLICT');
    expect((await auditOf(tenant, 'jobs.dead_letter.discarded'))[0]?.detail).toMatchObject({
      reason: 'probe from a test, not needed',
    });

    const bulk = await admin.jobs.deadLetters.retryMany({
      task: 'ops.probe',
      errorContains: 'ON PURPOSE',
    });
    expect(bulk.retried).toBe(2);
    expect((await auditOf(tenant, 'jobs.dead_letter.bulk_retried'))[0]?.detail).toMatchObject({
      count: 2,
    });
    await runDueJobs();
    expect((await admin.jobs.deadLetters.list({ status: 'resolved' })).total).toBe(2);
    expect((await admin.jobs.deadLetters.list({ status: 'dead' })).total).toBe(0);
  });

  it("another tenant's admin sees none of them and gets 404 on their ids; staff are refused", async () => {
    const a = await createTenant();
    const b = await createTenant();
    await callerFor(a.owner).ops.probe({ failTimes: 5, note: 'tenant a' });
    await runPasses(5);
    const [letter] = (await callerFor(a.owner).jobs.deadLetters.list({})).items;
    expect(letter).toBeDefined();
    const asB = callerFor(b.owner);
    expect((await asB.jobs.deadLetters.list({})).total).toBe(0);
    expect(await codeOf(asB.jobs.deadLetters.get({ id: letter!.id }))).toBe('NOT_FOUND');
    expect(await codeOf(asB.jobs.deadLetters.retry({ id: letter!.id }))).toBe('NOT_FOUND');
    expect(
      await codeOf(asB.jobs.deadLetters.discard({ id: letter!.id, reason: 'not yours' })),
    ).toBe('NOT_FOUND');
    expect((await asB.jobs.deadLetters.retryMany({})).retried).toBe(0);
    expect(await asB.jobs.overview()).toMatchObject({
      queue: { failed: 0 },
      deadLetters: { status: { dead: 0 } },
    });
    expect((await callerFor(a.owner).jobs.deadLetters.get({ id: letter!.id })).status).toBe('dead');
    const staff = await addPerson(a, 'STAFF');
    expect(await codeOf(callerFor(staff).jobs.deadLetters.list({}))).toBe('FORBIDDEN');
    expect(await codeOf(callerFor(staff).jobs.deadLetters.retry({ id: letter!.id }))).toBe(
      'FORBIDDEN',
    );
  });

  it('two admins retrying the same dead letter at once: one retry, one 409', async () => {
    const tenant = await createTenant();
    const other = await addPerson(tenant, 'ADMIN');
    await callerFor(tenant.owner).ops.probe({ failTimes: 5 });
    await runPasses(5);
    const [letter] = (await callerFor(tenant.owner).jobs.deadLetters.list({})).items;
    const outcomes = await Promise.allSettled([
      callerFor(tenant.owner).jobs.deadLetters.retry({ id: letter!.id }),
      callerFor(other).jobs.deadLetters.retry({ id: letter!.id }),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect((refused?.reason as TRPCError).code).toBe('CONFLICT');
    expect(await auditOf(tenant, 'jobs.dead_letter.retried')).toHaveLength(1);
    expect(
      (await callerFor(tenant.owner).jobs.deadLetters.get({ id: letter!.id })).retryCount,
    ).toBe(1);
  });

  it('platform jobs (no tenant in the payload) become dead letters no tenant can see', async () => {
    const tenant = await createTenant();
    // a probe without a tenant: its invalid payload fails it permanently, as a tenant-less job
    await ownerQuery(
      `SELECT graphile_worker.add_job('ops.probe', '{"failTimes": 0}'::json, max_attempts => 3)`,
    );
    await runDueJobs();
    const rows = await withSystemTx((tx) => tx.deadLetter.findMany({ where: { tenantId: null } }));
    expect(rows.map((r) => r.task)).toContain('ops.probe');
    expect((await callerFor(tenant.owner).jobs.deadLetters.list({})).total).toBe(0);
  });

  it('queue depth, dead letters and stuck jobs are exported as gauges', async () => {
    registerJobStats(() => withSystemTx((tx) => getJobStats(tx)));
    const tenant = await createTenant();
    await withTenantTx(tenant.tenantId, (tx) =>
      requestProbe(tx, {
        actor: actorOf(tenant.owner),
        failTimes: 0,
        note: 'waiting',
      }),
    );
    const stats = await withSystemTx((tx) => getJobStats(tx));
    const metrics = await getRegistry().getMetricsAsJSON();
    const gauge = (name: string) => metrics.find((m) => m.name === name)?.values[0]?.value;
    expect(gauge('queue_depth')).toBe(stats.queueDepth);
    expect(stats.queueDepth).toBeGreaterThanOrEqual(1);
    expect(gauge('dead_letters')).toBe(stats.deadLetters);
    expect(gauge('stuck_jobs')).toBe(stats.stuckJobs);
  });

  it('a rolled-back transaction enqueues nothing', async () => {
    const tenant = await createTenant();
    await withTenantTx(tenant.tenantId, async (tx) => {
      await requestProbe(tx, {
        actor: actorOf(tenant.owner),
        failTimes: 0,
        note: 'rolled back',
      });
      throw new Error('abort');
    }).catch(() => undefined);
    expect(await probeJobsOf(tenant)).toHaveLength(0);
  });
});
