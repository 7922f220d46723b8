// Contacts through the tRPC procedures: validation with field errors and nothing written,
// duplicates refused, consent changes audited, opt-out/opt-in idempotent, roles enforced.
import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { addPerson, callerFor, createTenant, type TestTenant } from '../helpers/fixtures';
import { auditOf, contactsOf } from './support';

let tenant: TestTenant;
beforeAll(async () => {
  tenant = await createTenant('contacts');
});

const staff = async () => callerFor(await addPerson(tenant, 'STAFF'));

async function failure(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

const fieldErrors = (error: TRPCError) => {
  const cause = error.cause as
    | {
        issues?: { path: PropertyKey[]; message: string }[];
        details?: { fieldErrors?: Record<string, string[]> };
      }
    | undefined;
  if (cause?.details?.fieldErrors) return cause.details.fieldErrors;
  const out: Record<string, string[]> = {};
  for (const issue of cause?.issues ?? []) (out[String(issue.path[0])] ??= []).push(issue.message);
  return out;
};

describe('contacts CRUD', () => {
  it('creates a contact with the phone normalised to E.164, tags lower-cased and deduplicated', async () => {
    const api = await staff();
    const created = await api.contacts.create({
      phone: '0151 2000 0001',
      defaultCountry: 'DE',
      name: '  Ada  Lovelace ',
      email: 'ADA@Example.com',
      tags: ['VIP', 'vip', ' Berlin '],
      consent: 'GRANTED',
    });
    expect(created).toMatchObject({
      phone: '+4915120000001',
      name: 'Ada  Lovelace',
      email: 'ada@example.com',
      tags: ['vip', 'berlin'],
      consent: 'GRANTED',
      consentSource: 'console',
      optedOut: false,
    });
    expect(created.consentUpdatedAt).toBeInstanceOf(Date);
    expect(await api.contacts.get({ id: created.id })).toEqual(created);
    const audit = await auditOf(tenant.tenantId, 'contact.consent_changed');
    expect(audit).toContainEqual({
      subject: `contact:${created.id}`,
      detail: { from: null, to: 'GRANTED', source: 'console' },
    });
  });

  it('a bad phone is a field error on phone and writes nothing', async () => {
    const api = await staff();
    const before = (await contactsOf(tenant.tenantId)).length;
    const noCountry = await failure(api.contacts.create({ phone: '0151 2000 0002' }));
    expect(noCountry.code).toBe('BAD_REQUEST');
    expect(fieldErrors(noCountry).phone?.[0]).toContain('international prefix');
    const invalid = await failure(api.contacts.create({ phone: '+49 12', email: 'not-an-email' }));
    expect(fieldErrors(invalid).phone?.[0]).toContain('8–15 digits');
    expect(fieldErrors(invalid).email?.[0]).toContain('email');
    const badCountry = await failure(
      api.contacts.create({ phone: '0151 2000 0002', defaultCountry: 'XX' }),
    );
    expect(fieldErrors(badCountry).defaultCountry?.[0]).toContain('country code');
    expect(await contactsOf(tenant.tenantId)).toHaveLength(before);
  });

  it('refuses a second contact with the same number (409, field error on phone)', async () => {
    const api = await staff();
    await api.contacts.create({ phone: '+4915120000003' });
    const duplicate = await failure(
      api.contacts.create({ phone: '0049 151 20000003', name: 'Again' }),
    );
    expect(duplicate.code).toBe('CONFLICT');
    expect(fieldErrors(duplicate).phone).toEqual([
      'a contact with this phone number already exists',
    ]);
    expect(
      (await contactsOf(tenant.tenantId)).filter((c) => c.phone === '+4915120000003'),
    ).toHaveLength(1);
  });

  it('updates given fields only, clears with null, audits a consent change once', async () => {
    const api = await staff();
    const c = await api.contacts.create({
      phone: '+4915120000004',
      name: 'Before',
      email: 'b@x.test',
      tags: ['a'],
    });
    const updated = await api.contacts.update({
      id: c.id,
      name: 'After',
      email: null,
      consent: 'WITHDRAWN',
    });
    expect(updated).toMatchObject({
      name: 'After',
      email: null,
      tags: ['a'],
      consent: 'WITHDRAWN',
      phone: '+4915120000004',
    });
    await api.contacts.update({ id: c.id, consent: 'WITHDRAWN', tags: ['b', 'C'] });
    expect((await api.contacts.get({ id: c.id })).tags).toEqual(['b', 'c']);
    const audit = (await auditOf(tenant.tenantId, 'contact.consent_changed')).filter(
      (a) => a.subject === `contact:${c.id}`,
    );
    expect(audit).toEqual([
      {
        subject: `contact:${c.id}`,
        detail: { from: 'UNKNOWN', to: 'WITHDRAWN', source: 'console' },
      },
    ]);
    const bad = await failure(api.contacts.update({ id: c.id, phone: 'nope' }));
    expect(fieldErrors(bad).phone).toBeDefined();
    await api.contacts.create({ phone: '+4915120000005' });
    expect((await failure(api.contacts.update({ id: c.id, phone: '+4915120000005' }))).code).toBe(
      'CONFLICT',
    );
  });

  it('lists newest first with search, tag and consent filters and a cursor', async () => {
    const t = await createTenant('contacts-list');
    const api = callerFor(t.owner);
    for (let i = 0; i < 7; i++) {
      await api.contacts.create({
        phone: `+491512100000${i}`,
        name: i === 3 ? 'Grace Hopper' : `Person ${i}`,
        email: `p${i}@list.test`,
        tags: i % 2 ? ['odd'] : ['even'],
        consent: i < 2 ? 'GRANTED' : 'UNKNOWN',
      });
    }
    const first = await api.contacts.list({ limit: 3 });
    expect(first.items.map((c) => c.phone)).toEqual([
      '+4915121000006',
      '+4915121000005',
      '+4915121000004',
    ]);
    const second = await api.contacts.list({ limit: 3, cursor: first.nextCursor! });
    expect(second.items.map((c) => c.phone)).toEqual([
      '+4915121000003',
      '+4915121000002',
      '+4915121000001',
    ]);
    const last = await api.contacts.list({ limit: 3, cursor: second.nextCursor! });
    expect(last.items).toHaveLength(1);
    expect(last.nextCursor).toBeNull();
    expect((await api.contacts.list({ search: 'grace' })).items.map((c) => c.name)).toEqual([
      'Grace Hopper',
    ]);
    expect(
      (await api.contacts.list({ search: '0151 21000005' })).items.map((c) => c.phone),
    ).toEqual(['+4915121000005']);
    expect((await api.contacts.list({ search: 'P2@LIST' })).items.map((c) => c.email)).toEqual([
      'p2@list.test',
    ]);
    expect((await api.contacts.list({ tag: 'ODD' })).items).toHaveLength(3);
    expect(
      (await api.contacts.list({ consent: 'GRANTED' })).items.map((c) => c.phone).sort(),
    ).toEqual(['+4915121000000', '+4915121000001']);
  });

  it('opt-out and opt-in are idempotent and audited once per change', async () => {
    const api = await staff();
    const c = await api.contacts.create({ phone: '+4915120000006', consent: 'GRANTED' });
    const out = await api.contacts.optOut({ id: c.id });
    expect(out).toMatchObject({ changed: true, contact: { optedOut: true } });
    const again = await api.contacts.optOut({ id: c.id });
    expect(again.changed).toBe(false);
    expect(again.contact?.optedOutAt).toEqual(out.contact?.optedOutAt);
    expect((await api.contacts.optIn({ id: c.id })).contact).toMatchObject({
      optedOut: false,
      optedOutAt: null,
      consent: 'GRANTED',
    });
    expect((await api.contacts.optIn({ id: c.id })).changed).toBe(false);
    const trail = [
      ...(await auditOf(tenant.tenantId, 'contact.opted_out')),
      ...(await auditOf(tenant.tenantId, 'contact.opted_in')),
    ].filter((a) => a.subject === `contact:${c.id}`);
    expect(trail).toHaveLength(2);
  });

  it('keeps an opted-out contact from deletion (its STOP must survive a re-import); deletes others', async () => {
    const api = await staff();
    const c = await api.contacts.create({ phone: '+4915120000007' });
    await api.contacts.optOut({ id: c.id });
    expect((await failure(api.contacts.delete({ id: c.id }))).code).toBe('CONFLICT');
    await api.contacts.optIn({ id: c.id });
    expect(await api.contacts.delete({ id: c.id })).toEqual({ id: c.id, deleted: true });
    expect((await failure(api.contacts.get({ id: c.id }))).code).toBe('NOT_FOUND');
    expect((await failure(api.contacts.delete({ id: c.id }))).code).toBe('NOT_FOUND');
  });

  it('is closed to field reps and to anonymous callers', async () => {
    const rep = callerFor(await addPerson(tenant, 'REP'));
    expect((await failure(rep.contacts.list({}))).code).toBe('FORBIDDEN');
    expect((await failure(rep.contacts.create({ phone: '+4915120000008' }))).code).toBe(
      'FORBIDDEN',
    );
    expect((await failure(callerFor(null).contacts.list({}))).code).toBe('UNAUTHORIZED');
    expect((await contactsOf(tenant.tenantId)).map((c) => c.phone)).not.toContain('+4915120000008');
  });

  it('stores phones in E.164 only, whatever writes them (CHECK)', async () => {
    const { withTenantTx } = await import('../../src/server/db/tx');
    const error = await withTenantTx(
      tenant.tenantId,
      (tx) =>
        tx.$executeRaw`INSERT INTO contacts (tenant_id, phone) VALUES (${tenant.tenantId}::uuid, '0151 123')`,
    ).then(
      () => null,
      (e: unknown) => e,
    );
    expect(String(error)).toContain('contacts_phone_e164');
    const tags = await withTenantTx(
      tenant.tenantId,
      (tx) =>
        tx.$executeRaw`INSERT INTO contacts (tenant_id, phone, tags) VALUES (${tenant.tenantId}::uuid, '+4915120000099', ARRAY['UPPER'])`,
    ).then(
      () => null,
      (e: unknown) => e,
    );
    expect(String(tags)).toContain('contacts_tags_valid');
  });
});
