// Leads through leads.* as the console calls them, with the stored rows behind each answer: a
// lead made with a new contact or for an existing one, updated, its status set by a person (who
// and when recorded, and never overwritten by analysis afterwards), booking moving it on, the
// list filtered, and bad input refused with nothing written.
import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTenantTx } from '../../src/server/db/tx';
import { applyAnalysisOutcome } from '../../src/server/domain/leads';
import {
  addPerson,
  callerFor,
  createTenant,
  ownerQuery,
  trpcCode,
  type TestTenant,
} from '../helpers/fixtures';
import { newAppointment, newLead, uniquePhone } from './support';

type Person = Awaited<ReturnType<typeof addPerson>>;
let tenant: TestTenant;
let staff: Person;

beforeAll(async () => {
  tenant = await createTenant('leads');
  staff = await addPerson(tenant, 'STAFF');
});

type LeadRow = {
  status: string;
  status_set_by: string;
  status_set_by_id: string | null;
  status_set_at: Date;
  source: string;
  notes: string | null;
  recording_consent: string;
  contact_id: string;
  created_by_id: string | null;
};
const leadRow = async (id: string) =>
  (
    await ownerQuery<LeadRow>(
      'SELECT status::text, status_set_by::text, status_set_by_id, status_set_at, source::text, notes, recording_consent::text, contact_id, created_by_id FROM leads WHERE id = $1',
      [id],
    )
  )[0];
const count = async (sql: string, params: unknown[] = []) =>
  (await ownerQuery<{ n: number }>(sql, params))[0]?.n;

describe('leads', () => {
  it('creates a lead with a new contact, or for an existing one; both audited', async () => {
    const phone = uniquePhone();
    const lead = await callerFor(staff).leads.create({
      contact: { phone, name: 'Marie Curie' },
      source: 'REFERRAL',
      notes: '  ring twice\nafter 5 pm  ',
    });
    expect(lead).toMatchObject({
      status: 'NEW',
      statusSetBy: 'SYSTEM',
      source: 'REFERRAL',
      notes: 'ring twice\nafter 5 pm',
      recordingConsent: 'UNKNOWN',
      contact: { name: 'Marie Curie', phone },
    });
    const row = await leadRow(lead.id);
    expect(row).toMatchObject({ source: 'REFERRAL', created_by_id: staff.userId });
    const again = await callerFor(staff).leads.create({
      contactId: lead.contact.id,
      source: 'PHONE',
      recordingConsent: true,
    });
    expect(again.contact.id).toBe(lead.contact.id);
    expect((await leadRow(again.id))?.recording_consent).toBe('GRANTED');
    expect(
      await count(
        "SELECT count(*)::int AS n FROM audit_entries WHERE action = 'lead.created' AND subject = ANY($1) AND actor_id = $2",
        [[`lead:${lead.id}`, `lead:${again.id}`], staff.userId],
      ),
    ).toBe(2);
  });

  it('updates source, notes and consent', async () => {
    const lead = await newLead(staff);
    const updated = await callerFor(staff).leads.update({
      id: lead.id,
      source: 'EVENT',
      notes: 'met at the fair',
      recordingConsent: false,
    });
    expect(updated).toMatchObject({ source: 'EVENT', notes: 'met at the fair' });
    expect(await leadRow(lead.id)).toMatchObject({
      source: 'EVENT',
      notes: 'met at the fair',
      recording_consent: 'WITHDRAWN',
    });
    // An empty note clears it.
    await callerFor(staff).leads.update({ id: lead.id, notes: '   ' });
    expect((await leadRow(lead.id))?.notes).toBeNull();
  });

  it("a person's status records who and when, and analysis never overwrites it", async () => {
    const lead = await newLead(staff);
    const before = new Date();
    const set = await callerFor(staff).leads.setStatus({ id: lead.id, status: 'CONTACTED' });
    expect(set).toMatchObject({
      status: 'CONTACTED',
      statusSetBy: 'PERSON',
      statusSetById: staff.userId,
    });
    const row = await leadRow(lead.id);
    expect(row).toMatchObject({
      status: 'CONTACTED',
      status_set_by: 'PERSON',
      status_set_by_id: staff.userId,
    });
    expect(row!.status_set_at.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
    const applied = await withTenantTx(tenant.tenantId, (tx) =>
      applyAnalysisOutcome(tx, { leadId: lead.id, outcome: 'LOST', resultAt: new Date() }),
    );
    expect(applied).toEqual({ applied: false, reason: 'set_by_person', status: 'CONTACTED' });
    expect((await leadRow(lead.id))?.status).toBe('CONTACTED');
    const audit = await ownerQuery<{ detail: { from: string; to: string } }>(
      "SELECT detail FROM audit_entries WHERE action = 'lead.status_set' AND subject = $1",
      [`lead:${lead.id}`],
    );
    expect(audit.map((a) => a.detail)).toMatchObject([{ from: 'NEW', to: 'CONTACTED' }]);
  });

  it('booking an appointment moves a NEW lead on to APPOINTMENT_SET, never a WON one back', async () => {
    const fresh = await newLead(staff);
    await newAppointment(staff, '2027-05-01T10:00:00Z', '2027-05-01T11:00:00Z', fresh.id);
    expect(await leadRow(fresh.id)).toMatchObject({
      status: 'APPOINTMENT_SET',
      status_set_by: 'SYSTEM',
    });
    const won = await newLead(staff);
    await callerFor(staff).leads.setStatus({ id: won.id, status: 'WON' });
    await newAppointment(staff, '2027-05-01T12:00:00Z', '2027-05-01T13:00:00Z', won.id);
    expect(await leadRow(won.id)).toMatchObject({ status: 'WON', status_set_by: 'PERSON' });
  });

  it('lists newest first, filtered by status, source and search, with a cursor', async () => {
    const other = await createTenant('leads-list');
    const lister = await addPerson(other, 'STAFF');
    const names = ['Alan Turing', 'Alonzo Church', 'Kurt Goedel'];
    const made = [];
    for (const name of names) made.push(await newLead(lister, name));
    await callerFor(lister).leads.setStatus({ id: made[2]!.id, status: 'LOST' });
    const all = await callerFor(lister).leads.list({ limit: 10 });
    expect(all.items.map((l) => l.contact.name)).toEqual([...names].reverse());
    expect((await callerFor(lister).leads.list({ status: 'LOST' })).items.map((l) => l.id)).toEqual(
      [made[2]!.id],
    );
    expect((await callerFor(lister).leads.list({ search: 'alon' })).items.map((l) => l.id)).toEqual(
      [made[1]!.id],
    );
    expect((await callerFor(lister).leads.list({ source: 'EVENT' })).items).toEqual([]);
    const first = await callerFor(lister).leads.list({ limit: 2 });
    expect(first.nextCursor).toBe(first.items[1]!.id);
    const rest = await callerFor(lister).leads.list({ limit: 2, cursor: first.nextCursor! });
    expect(rest.items.map((l) => l.id)).toEqual([made[0]!.id]);
    expect(rest.nextCursor).toBeNull();
  });

  it('refuses bad input with a clear 4xx and writes nothing', async () => {
    const leadsBefore = await count('SELECT count(*)::int AS n FROM leads');
    const contactsBefore = await count('SELECT count(*)::int AS n FROM contacts');
    const existing = await newLead(staff);
    const afterOne = await count('SELECT count(*)::int AS n FROM leads');
    const refusal = async (promise: Promise<unknown>) =>
      promise.then(
        () => null,
        (e: unknown) => e as TRPCError,
      );
    // Both a contact id and a new contact, or neither.
    const both = await refusal(
      callerFor(staff).leads.create({
        contactId: existing.contact.id,
        contact: { phone: uniquePhone() },
        source: 'WEB',
      }),
    );
    expect(both?.code).toBe('BAD_REQUEST');
    expect(both?.message).toContain('either contactId');
    expect(await trpcCode(callerFor(staff).leads.create({ source: 'WEB' }))).toBe('BAD_REQUEST');
    // A bad phone, an unknown source, notes too long, an unknown contact.
    expect(
      await trpcCode(
        callerFor(staff).leads.create({ contact: { phone: 'call me' }, source: 'WEB' }),
      ),
    ).toBe('BAD_REQUEST');
    expect(
      await trpcCode(
        callerFor(staff).leads.create({
          contact: { phone: uniquePhone() },
          source: 'CARRIER_PIGEON' as 'WEB',
        }),
      ),
    ).toBe('BAD_REQUEST');
    expect(
      await trpcCode(
        callerFor(staff).leads.create({
          contact: { phone: uniquePhone() },
          source: 'WEB',
          notes: 'x'.repeat(2001),
        }),
      ),
    ).toBe('BAD_REQUEST');
    expect(
      await trpcCode(
        callerFor(staff).leads.create({ contactId: crypto.randomUUID(), source: 'WEB' }),
      ),
    ).toBe('NOT_FOUND');
    // A duplicate phone for a new contact: the contact rule answers, no lead is half-made.
    expect(
      await trpcCode(
        callerFor(staff).leads.create({
          contact: { phone: existing.contact.phone },
          source: 'WEB',
        }),
      ),
    ).toBe('CONFLICT');
    expect(
      await trpcCode(
        callerFor(staff).leads.setStatus({ id: existing.id, status: 'MAYBE' as 'WON' }),
      ),
    ).toBe('BAD_REQUEST');
    expect(
      await trpcCode(callerFor(staff).leads.update({ id: crypto.randomUUID(), notes: 'x' })),
    ).toBe('NOT_FOUND');
    // A REP does no office work on leads.
    const rep = await addPerson(tenant, 'REP');
    expect(await trpcCode(callerFor(rep).leads.list({}))).toBe('FORBIDDEN');
    expect(await trpcCode(newLead(rep))).toBe('FORBIDDEN');
    expect(await count('SELECT count(*)::int AS n FROM leads')).toBe(afterOne);
    expect(await count('SELECT count(*)::int AS n FROM contacts')).toBe((contactsBefore ?? 0) + 1);
    expect(afterOne).toBe((leadsBefore ?? 0) + 1);
    expect((await leadRow(existing.id))?.status).toBe('NEW');
  });
});
