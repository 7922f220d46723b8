// Every wallet.* procedure called by tenant B against tenant A's wallet.
import { beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../../src/server/trpc/root';
import type { Meta } from '../../src/server/trpc/init';
import { createTenant, type TestTenant } from '../helpers/fixtures';
import { walletIsolationCases } from './wallet-isolation-cases';
import { expectBooksBalanced } from './support';

let a: TestTenant;
let b: TestTenant;
beforeAll(async () => {
  a = await createTenant('wallet-a');
  b = await createTenant('wallet-b');
});

const cases = walletIsolationCases(() => ({ a, b }));

describe('wallet procedures across the tenant boundary', () => {
  for (const [path, run] of Object.entries(cases)) it(path, run);

  it('covers every wallet.* procedure, each tenant- or admin-scoped', () => {
    const procedures = appRouter._def.procedures as unknown as Record<
      string,
      { _def: { meta?: Meta } }
    >;
    const wallet = Object.keys(procedures).filter((p) => p.startsWith('wallet.'));
    expect(wallet.filter((p) => !(p in cases))).toEqual([]);
    expect(
      wallet.every((p) => ['tenant', 'admin'].includes(procedures[p]?._def.meta?.scope ?? '')),
    ).toBe(true);
  });

  it('leaves both wallets balanced', async () => {
    await expectBooksBalanced(a.tenantId);
    await expectBooksBalanced(b.tenantId);
  });
});
