// Cross-tenant cases for every campaigns.* procedure, for tests/tenant-isolation.test.ts. Tenant A
// has a launched campaign and a draft; tenant B's owner can neither see nor change them, and its
// reconciler and preview never reach A's rows.
import { expect } from 'vitest';
import { expectNotFound } from '../helpers/expect-not-found';
import { callerFor, ownerQuery, type TestTenant } from '../helpers/fixtures';
import { grantCredits } from '../wallet/support';
import { freshKey, numbers, seedContacts } from './support';

type Tenants = () => { a: TestTenant; b: TestTenant };

const audience = { tagsAny: [], tagsAll: [], tagsNone: [] };

export function campaignsIsolationCases(tenants: Tenants): Record<string, () => Promise<void>> {
  let fixtures: Promise<{ launchedId: string; draftId: string }> | undefined;
  const aFixtures = () =>
    (fixtures ??= (async () => {
      const { a } = tenants();
      await grantCredits(a.tenantId, 100, 'campaign-isolation-grant');
      await seedContacts(
        a.tenantId,
        numbers(3, 90_000_000).map((phone) => ({ phone, name: 'Alice A', tags: ['iso'] })),
      );
      const launched = await callerFor(a.owner).campaigns.create({
        name: 'A launched',
        body: 'Hi {{first_name}}',
        audience,
      });
      await callerFor(a.owner, { 'idempotency-key': freshKey() }).campaigns.launch({
        id: launched.id,
      });
      const draft = await callerFor(a.owner).campaigns.create({
        name: 'A draft',
        body: 'Draft',
        audience,
      });
      return { launchedId: launched.id, draftId: draft.id };
    })());
  const asB = () => callerFor(tenants().b.owner);
  const aCampaign = async (id: string) =>
    (
      await ownerQuery<{ name: string; status: string }>(
        'SELECT name, status::text FROM campaigns WHERE id = $1',
        [id],
      )
    )[0];

  return {
    'campaigns.list': async () => {
      const { launchedId, draftId } = await aFixtures();
      const ids = (await asB().campaigns.list({})).items.map((c) => c.id);
      expect(ids).not.toContain(launchedId);
      expect(ids).not.toContain(draftId);
    },
    'campaigns.get': async () =>
      expectNotFound(asB().campaigns.get({ id: (await aFixtures()).launchedId })),
    'campaigns.recipients': async () =>
      expectNotFound(asB().campaigns.recipients({ campaignId: (await aFixtures()).launchedId })),
    'campaigns.preview': async () => {
      await aFixtures();
      const preview = await asB().campaigns.preview({
        body: 'Hi {{first_name}}',
        audience: { tagsAny: ['iso'], tagsAll: [], tagsNone: [] },
      });
      expect(preview.audience.total).toBe(0);
      expect(preview.sample.message).toBe('Hi');
    },
    'campaigns.create': async () => {
      const created = await asB().campaigns.create({ name: 'B campaign', body: 'B', audience });
      expect(
        (
          await ownerQuery<{ tenant_id: string }>('SELECT tenant_id FROM campaigns WHERE id = $1', [
            created.id,
          ])
        )[0]?.tenant_id,
      ).toBe(tenants().b.tenantId);
    },
    'campaigns.update': async () => {
      const { draftId } = await aFixtures();
      await expectNotFound(
        asB().campaigns.update({ id: draftId, name: 'stolen', body: 'x', audience }),
      );
      expect((await aCampaign(draftId))?.name).toBe('A draft');
    },
    'campaigns.delete': async () => {
      const { draftId } = await aFixtures();
      await expectNotFound(asB().campaigns.delete({ id: draftId }));
      expect(await aCampaign(draftId)).toBeDefined();
    },
    'campaigns.launch': async () => {
      const { draftId } = await aFixtures();
      await expectNotFound(
        callerFor(tenants().b.owner, { 'idempotency-key': freshKey() }).campaigns.launch({
          id: draftId,
        }),
      );
      expect((await aCampaign(draftId))?.status).toBe('DRAFT');
    },
    'campaigns.cancel': async () => {
      const { launchedId } = await aFixtures();
      await expectNotFound(asB().campaigns.cancel({ id: launchedId }));
      expect((await aCampaign(launchedId))?.status).toBe('SENDING');
    },
    'campaigns.reconcileNow': async () => {
      const { launchedId } = await aFixtures();
      await ownerQuery(
        `UPDATE campaigns SET last_progress_at = now() - interval '1 hour' WHERE id = $1`,
        [launchedId],
      );
      const report = await asB().campaigns.reconcileNow();
      expect(report.campaigns.map((c) => c.id)).not.toContain(launchedId);
    },
  };
}
