// Cross-tenant cases for every jobs.* procedure, shaped for tests/tenant-isolation.test.ts
// (spread `...jobsIsolationCases(() => ({ a, b }))` into its `cases`), and run on their own by
// tests/kernel/jobs-isolation.test.ts. Tenant B's admin acts on tenant A's dead letter and stuck job.
import { expect } from 'vitest';
import { TRPCError } from '@trpc/server';
import { callerFor, ownerQuery, type TestTenant } from '../helpers/fixtures';
import { jobsOf, makeAllDue, runDueJobs } from './support';

type Tenants = () => { a: TestTenant; b: TestTenant };
type AFixtures = { deadLetterId: string; stuckJobId: string };

async function expectCode(promise: Promise<unknown>, code: TRPCError['code']) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe(code);
}

export function jobsIsolationCases(tenants: Tenants): Record<string, () => Promise<void>> {
  let fixtures: Promise<AFixtures> | undefined;
  /** Tenant A: one open dead letter and one job held by a worker that no longer beats. */
  const aFixtures = () =>
    (fixtures ??= (async () => {
      const { a } = tenants();
      await callerFor(a.owner).ops.probe({ failTimes: 5, note: 'isolation dead letter' });
      // Five failing runs make the dead letter. Passes repeat until it appears (bounded) instead of
      // assuming one run per pass: under heavy load a CI run once saw a pass run nothing.
      let letter: { id: string; attempts: number } | undefined;
      for (let pass = 0; pass < 12 && !letter; pass++) {
        await makeAllDue();
        await runDueJobs();
        [letter] = (
          await callerFor(a.owner).jobs.deadLetters.list({ errorContains: 'on purpose' })
        ).items;
      }
      expect(letter?.attempts).toBe(5);
      await callerFor(a.owner).ops.probe({ failTimes: 0, note: 'isolation stuck job' });
      const job = (await jobsOf('ops.probe')).find(
        (j) => j.payload.note === 'isolation stuck job',
      )!;
      await ownerQuery(
        `UPDATE graphile_worker._private_jobs SET locked_by = 'isolation-gone', locked_at = now() - interval '10 minutes', attempts = 1 WHERE id = $1`,
        [job.id],
      );
      return { deadLetterId: letter!.id, stuckJobId: job.id };
    })());
  const asB = () => callerFor(tenants().b.owner);
  const asA = () => callerFor(tenants().a.owner);

  return {
    'jobs.overview': async () => {
      await aFixtures();
      const overview = await asB().jobs.overview();
      expect(overview.deadLetters.status.dead).toBe(0);
      expect(overview.stuckJobs).toBe(0);
      expect((await asA().jobs.overview()).deadLetters.status.dead).toBeGreaterThanOrEqual(1);
    },
    'jobs.deadLetters.list': async () => {
      const { deadLetterId } = await aFixtures();
      const listed = await asB().jobs.deadLetters.list({ status: 'any' });
      expect(listed.items.map((d) => d.id)).not.toContain(deadLetterId);
    },
    'jobs.deadLetters.get': async () => {
      const { deadLetterId } = await aFixtures();
      await expectCode(asB().jobs.deadLetters.get({ id: deadLetterId }), 'NOT_FOUND');
    },
    'jobs.deadLetters.retry': async () => {
      const { deadLetterId } = await aFixtures();
      await expectCode(asB().jobs.deadLetters.retry({ id: deadLetterId }), 'NOT_FOUND');
      expect((await asA().jobs.deadLetters.get({ id: deadLetterId })).status).toBe('dead');
    },
    'jobs.deadLetters.retryMany': async () => {
      const { deadLetterId } = await aFixtures();
      expect((await asB().jobs.deadLetters.retryMany({})).retried).toBe(0);
      expect((await asA().jobs.deadLetters.get({ id: deadLetterId })).status).toBe('dead');
    },
    'jobs.deadLetters.discard': async () => {
      const { deadLetterId } = await aFixtures();
      await expectCode(
        asB().jobs.deadLetters.discard({ id: deadLetterId, reason: 'not mine to drop' }),
        'NOT_FOUND',
      );
      expect((await asA().jobs.deadLetters.get({ id: deadLetterId })).status).toBe('dead');
    },
    'jobs.stuck.list': async () => {
      const { stuckJobId } = await aFixtures();
      expect((await asB().jobs.stuck.list()).map((s) => s.jobId)).not.toContain(stuckJobId);
      expect((await asA().jobs.stuck.list()).map((s) => s.jobId)).toContain(stuckJobId);
    },
    'jobs.stuck.release': async () => {
      const { stuckJobId } = await aFixtures();
      await expectCode(asB().jobs.stuck.release({ jobId: stuckJobId }), 'NOT_FOUND');
      expect((await asA().jobs.stuck.list()).map((s) => s.jobId)).toContain(stuckJobId);
    },
  };
}
