// Every contacts.* procedure called by tenant B's owner against tenant A's contact and import.
import { beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../../src/server/trpc/root';
import type { Meta } from '../../src/server/trpc/init';
import { createTenant, type TestTenant } from '../helpers/fixtures';
import { contactsIsolationCases } from './contacts-isolation-cases';

let a: TestTenant;
let b: TestTenant;
beforeAll(async () => {
  a = await createTenant('contacts-a');
  b = await createTenant('contacts-b');
});

const cases = contactsIsolationCases(() => ({ a, b }));

describe('contacts procedures across the tenant boundary', () => {
  for (const [path, run] of Object.entries(cases)) it(path, run);

  it('covers every contacts.* procedure, all tenant-scoped', () => {
    const procedures = appRouter._def.procedures as unknown as Record<
      string,
      { _def: { meta?: Meta } }
    >;
    const contacts = Object.keys(procedures).filter((p) => p.startsWith('contacts.'));
    expect(contacts.filter((p) => !(p in cases))).toEqual([]);
    expect(contacts.every((p) => procedures[p]?._def.meta?.scope === 'tenant')).toBe(true);
  });
});
