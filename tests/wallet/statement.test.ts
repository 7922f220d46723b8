// The ledger as a statement: a campaign's per-SMS debits are one line linked to the campaign,
// other movements one line each; kind and date filters apply; another tenant's rows never show.
import { beforeAll, describe, expect, it } from 'vitest';
import { withTenantTx } from '../../src/server/db/tx';
import { settleReservationMany } from '../../src/server/domain/wallet';
import { listStatement } from '../../src/server/domain/wallet/statement';
import type { TestTenant } from '../helpers/fixtures';
import { campaignTenant, draftAndLaunch, numbers } from '../campaigns/support';
import { expectBooksBalanced, grantCredits } from './support';

let a: TestTenant;
let b: TestTenant;
let campaignId: string;

beforeAll(async () => {
  const contacts = numbers(5, 30_000_000).map((phone) => ({ phone, name: 'Ann' }));
  a = await campaignTenant({ credits: 100, contacts });
  b = await campaignTenant({
    credits: 40,
    contacts: numbers(2, 31_000_000).map((phone) => ({ phone })),
  });
  const launched = await draftAndLaunch(a, { name: 'Spring sale', body: 'Hi {{first_name}}' });
  campaignId = launched.id;
  // Five accepted messages, debited one by one as send batches do.
  await withTenantTx(a.tenantId, (tx) =>
    settleReservationMany(tx, {
      tenantId: a.tenantId,
      reservationKey: `campaign:${campaignId}`,
      debits: [1, 2, 3, 4, 5].map((n) => ({
        debitKey: `sms:test-${n}`,
        amount: 1,
        description: `SMS ${n}`,
      })),
    }),
  );
  await grantCredits(a.tenantId, 25, 'statement-second-grant');
  const other = await draftAndLaunch(b, { name: 'B campaign', body: 'Hello' });
  await withTenantTx(b.tenantId, (tx) =>
    settleReservationMany(tx, {
      tenantId: b.tenantId,
      reservationKey: `campaign:${other.id}`,
      debits: [{ debitKey: 'sms:b-1', amount: 1, description: 'SMS b' }],
    }),
  );
});

const statementOf = (
  t: TestTenant,
  filter: Omit<Parameters<typeof listStatement>[1], 'tenantId'> = {},
) => withTenantTx(t.tenantId, (tx) => listStatement(tx, { tenantId: t.tenantId, ...filter }));

describe('wallet statement', () => {
  it('groups a campaign’s debits into one line linked to the campaign', async () => {
    const lines = await statementOf(a);
    const debits = lines.filter((l) => l.kind === 'DEBIT');
    expect(debits).toHaveLength(1);
    expect(debits[0]).toMatchObject({
      amount: -5,
      entries: 5,
      campaignId,
      campaignName: 'Spring sale',
    });
    expect(debits[0]!.key).toMatch(/^reservation:/);
    // Newest first: the grant after the debits, then the debits, then the first grant.
    expect(lines.map((l) => [l.kind, l.amount])).toEqual([
      ['TOPUP', 25],
      ['DEBIT', -5],
      ['TOPUP', 100],
    ]);
    expect(lines.reduce((sum, l) => sum + l.amount, 0)).toBe(120);
    await expectBooksBalanced(a.tenantId);
  });

  it('filters by kind and by date', async () => {
    expect((await statementOf(a, { kinds: ['TOPUP'] })).map((l) => l.amount)).toEqual([25, 100]);
    expect(await statementOf(a, { kinds: ['REFUND'] })).toEqual([]);
    expect(await statementOf(a, { from: new Date(Date.now() + 60_000) })).toEqual([]);
    expect(await statementOf(a, { to: new Date(Date.now() - 3_600_000) })).toEqual([]);
    expect((await statementOf(a, { from: new Date(Date.now() - 3_600_000) })).length).toBe(3);
  });

  it('shows only the caller’s tenant', async () => {
    const lines = await statementOf(b);
    expect(lines.map((l) => l.campaignName)).not.toContain('Spring sale');
    expect(lines.map((l) => [l.kind, l.amount])).toEqual([
      ['DEBIT', -1],
      ['TOPUP', 40],
    ]);
    // Tenant A's scope cannot read B's rows even when asked for B's tenant id (RLS).
    const crossed = await withTenantTx(a.tenantId, (tx) =>
      listStatement(tx, { tenantId: b.tenantId }),
    );
    expect(crossed).toEqual([]);
  });
});
