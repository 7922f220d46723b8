// Cross-tenant cases for every leads.* and appointments.* procedure, for
// tests/tenant-isolation.test.ts: tenant B's owner reads, assigns, unassigns and cancels tenant
// A's lead and appointment (NOT_FOUND, A's rows untouched), and B's writes land in B. Also a rep
// of A against another rep of A: a REP cannot see an appointment someone else holds, nor assign.
import { expect } from 'vitest';
import { expectNotFound } from '../helpers/expect-not-found';
import { addPerson, callerFor, ownerQuery, trpcCode, type TestTenant } from '../helpers/fixtures';
import { newAppointment, newLead, withKey } from './support';

type Tenants = () => { a: TestTenant; b: TestTenant };
type Person = Awaited<ReturnType<typeof addPerson>>;
type AFixtures = {
  leadId: string;
  appointmentId: string;
  freeAppointmentId: string;
  rep: Person;
  otherRep: Person;
};

const DAY = '2027-06-01';

export function fieldSalesIsolationCases(tenants: Tenants): Record<string, () => Promise<void>> {
  let fixtures: Promise<AFixtures> | undefined;
  /** Tenant A: a lead, one appointment held by a rep, one unassigned, and a second rep. */
  const aFixtures = () =>
    (fixtures ??= (async () => {
      const { a } = tenants();
      const rep = await addPerson(a, 'REP');
      const otherRep = await addPerson(a, 'REP');
      const lead = await newLead(a.owner, 'A secret lead');
      const held = await newAppointment(a.owner, `${DAY}T10:00:00Z`, `${DAY}T11:00:00Z`, lead.id);
      await withKey(a.owner).appointments.assign({ appointmentId: held.id, repId: rep.userId });
      const free = await newAppointment(a.owner, `${DAY}T12:00:00Z`, `${DAY}T13:00:00Z`, lead.id);
      return {
        leadId: lead.id,
        appointmentId: held.id,
        freeAppointmentId: free.id,
        rep,
        otherRep,
      };
    })());
  const asB = () => callerFor(tenants().b.owner);
  const bKey = () => withKey(tenants().b.owner);
  const aLead = async () =>
    (
      await ownerQuery<{ status: string; source: string; notes: string | null }>(
        'SELECT status::text, source::text, notes FROM leads WHERE id = $1',
        [(await aFixtures()).leadId],
      )
    )[0];
  const aAssignments = async () =>
    ownerQuery<{ rep_id: string; active: boolean }>(
      'SELECT rep_id, active FROM appointment_assignments WHERE appointment_id = ANY($1::uuid[]) ORDER BY created_at',
      [[(await aFixtures()).appointmentId, (await aFixtures()).freeAppointmentId]],
    );
  const aStatuses = async () =>
    (
      await ownerQuery<{ status: string }>(
        'SELECT status::text FROM appointments WHERE id = ANY($1::uuid[]) ORDER BY starts_at',
        [[(await aFixtures()).appointmentId, (await aFixtures()).freeAppointmentId]],
      )
    ).map((r) => r.status);
  const window = { from: new Date(`${DAY}T00:00:00Z`), to: new Date(`${DAY}T23:59:59Z`) };

  return {
    'leads.list': async () => {
      const { leadId } = await aFixtures();
      const listed = await asB().leads.list({ limit: 100 });
      expect(listed.items.map((l) => l.id)).not.toContain(leadId);
      expect((await asB().leads.list({ search: 'secret' })).items).toEqual([]);
      expect((await asB().leads.list({ cursor: leadId })).items).toEqual([]);
    },
    'leads.get': async () => {
      await expectNotFound(asB().leads.get({ id: (await aFixtures()).leadId }));
      const own = await callerFor(tenants().a.owner).leads.get({ id: (await aFixtures()).leadId });
      expect(own.contact.name).toBe('A secret lead');
    },
    'leads.create': async () => {
      const created = await newLead(tenants().b.owner, 'B lead');
      const [row] = await ownerQuery<{ tenant_id: string }>(
        'SELECT tenant_id FROM leads WHERE id = $1',
        [created.id],
      );
      expect(row?.tenant_id).toBe(tenants().b.tenantId);
      // A's contact cannot be made B's lead.
      const [aContact] = await ownerQuery<{ contact_id: string }>(
        'SELECT contact_id FROM leads WHERE id = $1',
        [(await aFixtures()).leadId],
      );
      await expectNotFound(asB().leads.create({ contactId: aContact!.contact_id, source: 'WEB' }));
    },
    'leads.update': async () => {
      await expectNotFound(
        asB().leads.update({ id: (await aFixtures()).leadId, notes: 'hijacked', source: 'OTHER' }),
      );
      expect(await aLead()).toMatchObject({ source: 'WEB', notes: null });
    },
    'leads.setStatus': async () => {
      const before = await aLead();
      await expectNotFound(
        asB().leads.setStatus({ id: (await aFixtures()).leadId, status: 'LOST' }),
      );
      expect((await aLead())?.status).toBe(before?.status);
    },
    'appointments.list': async () => {
      const { appointmentId, freeAppointmentId, rep } = await aFixtures();
      const board = await asB().appointments.list(window);
      const text = JSON.stringify(board);
      for (const id of [appointmentId, freeAppointmentId, rep.userId])
        expect(text).not.toContain(id);
      // A REP has no board: it is office work.
      expect(await trpcCode(callerFor(rep).appointments.list(window))).toBe('FORBIDDEN');
    },
    'appointments.get': async () => {
      const { appointmentId, freeAppointmentId, rep, otherRep } = await aFixtures();
      await expectNotFound(asB().appointments.get({ appointmentId }));
      // The rep holding it sees it; another rep of the same workspace does not, nor an
      // unassigned one.
      const own = await callerFor(rep).appointments.get({ appointmentId });
      expect(own.lead.contact.name).toBe('A secret lead');
      await expectNotFound(callerFor(otherRep).appointments.get({ appointmentId }));
      await expectNotFound(callerFor(rep).appointments.get({ appointmentId: freeAppointmentId }));
    },
    'appointments.reps': async () => {
      const { rep, otherRep } = await aFixtures();
      const reps = (await asB().appointments.reps()).map((r) => r.id);
      expect(reps).not.toContain(rep.userId);
      expect(reps).not.toContain(otherRep.userId);
    },
    'appointments.clashes': async () => {
      const { appointmentId, rep } = await aFixtures();
      await expectNotFound(asB().appointments.clashes({ appointmentId, repId: rep.userId }));
      // B's own appointment against A's rep: A's rep is nobody to B, A's calendar stays unread.
      const bAppointment = await newAppointment(
        tenants().b.owner,
        `${DAY}T10:00:00Z`,
        `${DAY}T11:00:00Z`,
      );
      await expectNotFound(
        asB().appointments.clashes({ appointmentId: bAppointment.id, repId: rep.userId }),
      );
    },
    'appointments.create': async () => {
      await expectNotFound(
        asB().appointments.create({
          leadId: (await aFixtures()).leadId,
          startsAt: new Date(`${DAY}T15:00:00Z`),
          endsAt: new Date(`${DAY}T16:00:00Z`),
          address: 'B street',
        }),
      );
      const created = await newAppointment(
        tenants().b.owner,
        `${DAY}T15:00:00Z`,
        `${DAY}T16:00:00Z`,
      );
      const [row] = await ownerQuery<{ tenant_id: string }>(
        'SELECT tenant_id FROM appointments WHERE id = $1',
        [created.id],
      );
      expect(row?.tenant_id).toBe(tenants().b.tenantId);
    },
    'appointments.assign': async () => {
      const { appointmentId, freeAppointmentId, rep, otherRep } = await aFixtures();
      const before = await aAssignments();
      await expectNotFound(
        bKey().appointments.assign({ appointmentId: freeAppointmentId, repId: rep.userId }),
      );
      // B's appointment to A's rep: A's rep is not a member of B.
      const bAppointment = await newAppointment(
        tenants().b.owner,
        `${DAY}T17:00:00Z`,
        `${DAY}T18:00:00Z`,
      );
      await expectNotFound(
        bKey().appointments.assign({ appointmentId: bAppointment.id, repId: rep.userId }),
      );
      // A REP cannot assign, not even within their own workspace.
      expect(
        await trpcCode(
          withKey(otherRep).appointments.assign({ appointmentId, repId: otherRep.userId }),
        ),
      ).toBe('FORBIDDEN');
      expect(await aAssignments()).toEqual(before);
    },
    'appointments.unassign': async () => {
      const { appointmentId } = await aFixtures();
      await expectNotFound(bKey().appointments.unassign({ appointmentId }));
      expect(await aAssignments()).toContainEqual({
        rep_id: (await aFixtures()).rep.userId,
        active: true,
      });
      expect((await aStatuses())[0]).toBe('ASSIGNED');
    },
    'appointments.cancel': async () => {
      const { appointmentId, freeAppointmentId } = await aFixtures();
      await expectNotFound(bKey().appointments.cancel({ appointmentId }));
      await expectNotFound(bKey().appointments.cancel({ appointmentId: freeAppointmentId }));
      expect(await aStatuses()).toEqual(['ASSIGNED', 'SCHEDULED']);
    },
  };
}
