// The audience helpers the campaigns domain builds on: tag filters (GIN-served && / @>), and
// each contact marked sendable or skipped (opted out beats consent; consent must be GRANTED).
import { describe, expect, it } from 'vitest';
import { callerFor, createTenant } from '../helpers/fixtures';
import { withTenantTx } from '../../src/server/db/tx';
import {
  audienceFilterSchema,
  audienceSkipReasonSql,
  audienceWhereSql,
  countAudience,
  listAudiencePage,
} from '../../src/server/domain/contacts';
import { mobile } from './support';

describe('contacts audience', () => {
  it('filters by tags and gives each contact its skip reason', async () => {
    const tenant = await createTenant('audience');
    const other = await createTenant('audience-other');
    const api = callerFor(tenant.owner);
    const granted = await api.contacts.create({
      phone: mobile(1),
      tags: ['vip', 'berlin'],
      consent: 'GRANTED',
    });
    const unknown = await api.contacts.create({ phone: mobile(2), tags: ['vip'] });
    const optedOut = await api.contacts.create({
      phone: mobile(3),
      tags: ['vip', 'berlin'],
      consent: 'GRANTED',
    });
    await api.contacts.optOut({ id: optedOut.id });
    await api.contacts.create({ phone: mobile(4), tags: ['munich'], consent: 'WITHDRAWN' });
    await callerFor(other.owner).contacts.create({
      phone: mobile(5),
      tags: ['vip'],
      consent: 'GRANTED',
    });

    const vip = audienceFilterSchema.parse({ tagsAny: ['VIP'] });
    const counts = await withTenantTx(tenant.tenantId, (tx) => countAudience(tx, vip));
    expect(counts).toEqual({ total: 3, sendable: 1, optedOut: 1, noConsent: 1 });

    const page = await withTenantTx(tenant.tenantId, (tx) =>
      listAudiencePage(tx, { filter: vip, limit: 10 }),
    );
    const reasons = Object.fromEntries(page.map((m) => [m.id, m.skipReason]));
    expect(reasons).toEqual({
      [granted.id]: null,
      [unknown.id]: 'NO_CONSENT',
      [optedOut.id]: 'OPTED_OUT',
    });
    // Keyset paging in id order.
    const firstTwo = await withTenantTx(tenant.tenantId, (tx) =>
      listAudiencePage(tx, { filter: vip, limit: 2 }),
    );
    const rest = await withTenantTx(tenant.tenantId, (tx) =>
      listAudiencePage(tx, { filter: vip, limit: 2, afterId: firstTwo[1]!.id }),
    );
    expect([...firstTwo, ...rest].map((m) => m.id)).toEqual(page.map((m) => m.id));

    const berlinVip = audienceFilterSchema.parse({ tagsAll: ['vip', 'berlin'] });
    expect(await withTenantTx(tenant.tenantId, (tx) => countAudience(tx, berlinVip))).toMatchObject(
      { total: 2, sendable: 1 },
    );
    const notVip = audienceFilterSchema.parse({ tagsNone: ['vip'] });
    expect(await withTenantTx(tenant.tenantId, (tx) => countAudience(tx, notVip))).toMatchObject({
      total: 1,
      noConsent: 1,
    });
    expect(
      await withTenantTx(tenant.tenantId, (tx) =>
        countAudience(tx, audienceFilterSchema.parse({})),
      ),
    ).toMatchObject({ total: 4 });

    // The SQL fragments compose into set-based statements (as a recipients snapshot would use them).
    const sendable = await withTenantTx(
      tenant.tenantId,
      (tx) =>
        tx.$queryRaw<
          { id: string }[]
        >`SELECT c.id FROM contacts c WHERE ${audienceWhereSql(vip)} AND ${audienceSkipReasonSql()} IS NULL`,
    );
    expect(sendable.map((r) => r.id)).toEqual([granted.id]);
  });
});
