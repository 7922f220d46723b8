// Cross-tenant cases for every contacts.* procedure, shaped for tests/tenant-isolation.test.ts
// (spread `...contactsIsolationCases(() => ({ a, b }))` into its `cases`), and run on their own by
// tests/contacts/contacts-isolation.test.ts. Tenant B's owner acts on tenant A's contact and import.
import { expect } from 'vitest';
import { expectNotFound } from '../helpers/expect-not-found';
import { callerFor, ownerQuery, type TestTenant } from '../helpers/fixtures';
import { bearerFor } from '../kernel/support';
import { upload } from './support';

type Tenants = () => { a: TestTenant; b: TestTenant };
type AFixtures = { contactId: string; phone: string; importId: string };

// Numbers of a range no other test file uses, so the cases can share a database with others.
const A_PHONE = '+4915199000001';
const B_PHONE = '+4915199000002';

export function contactsIsolationCases(tenants: Tenants): Record<string, () => Promise<void>> {
  let fixtures: Promise<AFixtures> | undefined;
  /** Tenant A: one contact (consent granted, tagged) and one import with a rejected line. */
  const aFixtures = () =>
    (fixtures ??= (async () => {
      const { a } = tenants();
      const contact = await callerFor(a.owner).contacts.create({
        phone: A_PHONE,
        name: 'A secret person',
        tags: ['iso-a'],
        consent: 'GRANTED',
      });
      const response = await upload(
        `phone,name\n${A_PHONE},A secret person\nnot-a-phone,A bad row\n`,
        { token: await bearerFor(a.owner), query: { fileName: 'a-secret.csv' } },
      );
      expect(response.status).toBe(200);
      const summary = (await response.json()) as { id: string };
      return { contactId: contact.id, phone: A_PHONE, importId: summary.id };
    })());
  const asB = () => callerFor(tenants().b.owner);
  const asA = () => callerFor(tenants().a.owner);
  const aContact = async () => asA().contacts.get({ id: (await aFixtures()).contactId });

  return {
    'contacts.list': async () => {
      const { contactId } = await aFixtures();
      const listed = await asB().contacts.list({ limit: 200 });
      expect(listed.items.map((c) => c.id)).not.toContain(contactId);
      expect((await asB().contacts.list({ search: 'secret' })).items).toEqual([]);
      expect((await asB().contacts.list({ tag: 'iso-a' })).items).toEqual([]);
      // A's cursor is an id B cannot see: B gets nothing of A's either way.
      const viaCursor = await asB()
        .contacts.list({ cursor: contactId })
        .then(
          (r) => r.items,
          () => [],
        );
      expect(viaCursor.map((c) => c.id)).not.toContain(contactId);
    },
    'contacts.get': async () => {
      await expectNotFound(asB().contacts.get({ id: (await aFixtures()).contactId }));
    },
    'contacts.create': async () => {
      // The same number in B is B's own contact: no conflict with (and no hint of) A's.
      const created = await asB().contacts.create({ phone: A_PHONE, name: 'B person' });
      const rows = await ownerQuery<{ tenant_id: string; name: string }>(
        'SELECT tenant_id, name FROM contacts WHERE phone = $1 ORDER BY name',
        [A_PHONE],
      );
      expect(rows).toEqual([
        { tenant_id: tenants().a.tenantId, name: 'A secret person' },
        { tenant_id: tenants().b.tenantId, name: 'B person' },
      ]);
      expect(created.id).not.toBe((await aFixtures()).contactId);
    },
    'contacts.update': async () => {
      const { contactId } = await aFixtures();
      await expectNotFound(
        asB().contacts.update({ id: contactId, name: 'Taken over', consent: 'WITHDRAWN' }),
      );
      expect(await aContact()).toMatchObject({ name: 'A secret person', consent: 'GRANTED' });
    },
    'contacts.delete': async () => {
      await expectNotFound(asB().contacts.delete({ id: (await aFixtures()).contactId }));
      expect((await aContact()).phone).toBe(A_PHONE);
    },
    'contacts.optOut': async () => {
      await expectNotFound(asB().contacts.optOut({ id: (await aFixtures()).contactId }));
      expect((await aContact()).optedOut).toBe(false);
    },
    'contacts.optIn': async () => {
      const { contactId } = await aFixtures();
      const b = await asB().contacts.create({ phone: B_PHONE });
      await asB().contacts.optOut({ id: b.id });
      await expectNotFound(asB().contacts.optIn({ id: contactId }));
      expect((await aContact()).optedOut).toBe(false);
    },
    'contacts.imports': async () => {
      const { importId } = await aFixtures();
      const listed = await asB().contacts.imports({ limit: 100 });
      expect(listed.items.map((i) => i.id)).not.toContain(importId);
      expect(JSON.stringify(listed)).not.toContain('a-secret.csv');
    },
    'contacts.importDetail': async () => {
      await expectNotFound(asB().contacts.importDetail({ id: (await aFixtures()).importId }));
    },
  };
}
