// Every jobs.* procedure called by tenant B's admin against tenant A's dead letter and stuck job.
import { beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../../src/server/trpc/root';
import type { Meta } from '../../src/server/trpc/init';
import { createTenant, type TestTenant } from '../helpers/fixtures';
import { jobsIsolationCases } from './jobs-isolation-cases';

let a: TestTenant;
let b: TestTenant;
beforeAll(async () => {
  a = await createTenant('jobs-a');
  b = await createTenant('jobs-b');
});

const cases = jobsIsolationCases(() => ({ a, b }));

describe('jobs procedures across the tenant boundary', () => {
  for (const [path, run] of Object.entries(cases)) it(path, run);

  it('covers every jobs.* procedure', () => {
    const procedures = appRouter._def.procedures as unknown as Record<
      string,
      { _def: { meta?: Meta } }
    >;
    const jobs = Object.keys(procedures).filter((p) => p.startsWith('jobs.'));
    expect(jobs.filter((p) => !(p in cases))).toEqual([]);
    expect(jobs.every((p) => procedures[p]?._def.meta?.scope === 'admin')).toBe(true);
  });
});
