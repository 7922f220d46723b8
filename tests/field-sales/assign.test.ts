// Flow 1, "Assign", through appointments.assign / unassign / cancel as a client calls them, with
// real concurrency (separate callers, so separate transactions on separate pooled connections)
// and the stored rows checked behind every answer: one active assignment where the rules allow
// one, history kept, the clash named, an Idempotency-Key replayed rather than re-run.
import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  addPerson,
  callerFor,
  createTenant,
  ownerQuery,
  trpcCode,
  type TestTenant,
} from '../helpers/fixtures';
import { withTenantTx } from '../../src/server/db/tx';
import { actorOf } from '../../src/server/domain/audit/actor';
import { assignAppointment, AppointmentClashError } from '../../src/server/domain/appointments';
import { waitFor } from '../helpers/wait-for';
import { newAppointment, newKey, newLead, withKey } from './support';

type Person = Awaited<ReturnType<typeof addPerson>>;
let tenant: TestTenant;
let staff: Person;
let rep: Person;
let otherRep: Person;

beforeAll(async () => {
  tenant = await createTenant('assign');
  staff = await addPerson(tenant, 'STAFF');
  rep = await addPerson(tenant, 'REP');
  otherRep = await addPerson(tenant, 'REP');
});

type AssignmentRow = {
  id: string;
  appointment_id: string;
  rep_id: string;
  active: boolean;
  end_reason: string | null;
  ended_by_id: string | null;
  assigned_by_id: string | null;
};
const assignmentsOf = (appointmentId: string) =>
  ownerQuery<AssignmentRow>(
    'SELECT id, appointment_id, rep_id, active, end_reason::text, ended_by_id, assigned_by_id FROM appointment_assignments WHERE appointment_id = $1 ORDER BY created_at, id',
    [appointmentId],
  );
const activeOfRep = (repId: string) =>
  ownerQuery<AssignmentRow>(
    'SELECT id, appointment_id, rep_id, active FROM appointment_assignments WHERE rep_id = $1 AND active',
    [repId],
  );
const statusOf = async (appointmentId: string) =>
  (
    await ownerQuery<{ status: string }>('SELECT status::text FROM appointments WHERE id = $1', [
      appointmentId,
    ])
  )[0]?.status;

/** Each test gets its own day, so reps' calendars from other tests never interfere. */
let dayCounter = 0;
const nextDay = () => {
  const day = new Date(Date.UTC(2027, 0, 1 + ++dayCounter));
  return day.toISOString().slice(0, 10);
};

describe('appointments.assign', () => {
  it('20 concurrent assigns of overlapping appointments to one rep: exactly one is active', async () => {
    const day = nextDay();
    const racer = await addPerson(tenant, 'REP');
    const slots = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        newAppointment(
          staff,
          `${day}T10:${String(i * 2).padStart(2, '0')}:00Z`,
          `${day}T11:${String(i * 2).padStart(2, '0')}:00Z`,
        ),
      ),
    );
    const results = await Promise.allSettled(
      slots.map((s) =>
        withKey(staff).appointments.assign({ appointmentId: s.id, repId: racer.userId }),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    const winner = (won[0] as PromiseFulfilledResult<{ appointmentId: string }>).value;
    for (const r of lost) {
      const error = r.reason as TRPCError;
      expect(error).toBeInstanceOf(TRPCError);
      expect(error.code).toBe('CONFLICT');
      // Every refusal names the appointment that won.
      expect(error.message).toContain(winner.appointmentId);
    }
    const active = await activeOfRep(racer.userId);
    expect(active.map((a) => a.appointment_id)).toEqual([winner.appointmentId]);
    // The losers are untouched: SCHEDULED, no assignment row at all.
    for (const s of slots.filter((x) => x.id !== winner.appointmentId)) {
      expect(await statusOf(s.id)).toBe('SCHEDULED');
      expect(await assignmentsOf(s.id)).toEqual([]);
    }
    expect(await statusOf(winner.appointmentId)).toBe('ASSIGNED');
  });

  it('the constraint has the last word: a racing assignment the calendar read cannot see yet is refused by 23P01, named', async () => {
    const day = nextDay();
    const first = await newAppointment(staff, `${day}T10:00:00Z`, `${day}T11:00:00Z`);
    const second = await newAppointment(staff, `${day}T10:30:00Z`, `${day}T11:30:00Z`);
    const actor = actorOf(staff);
    let release!: () => void;
    let written!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const isWritten = new Promise<void>((resolve) => (written = resolve));
    // The first assignment is written but not committed while the second one runs.
    const winner = withTenantTx(tenant.tenantId, async (tx) => {
      const result = await assignAppointment(tx, {
        actor,
        appointmentId: first.id,
        repId: rep.userId,
      });
      written();
      await held;
      return result;
    });
    await isWritten;
    const loser = withTenantTx(tenant.tenantId, (tx) =>
      assignAppointment(tx, { actor, appointmentId: second.id, repId: rep.userId }),
    ).then(
      () => null,
      (e: unknown) => e,
    );
    // The loser's insert waits on the winner's uncommitted row (its calendar read saw nothing).
    await waitFor(async () => {
      const waiting = await ownerQuery<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE '%appointment_assignments%'",
      );
      return (waiting[0]?.n ?? 0) > 0;
    });
    release();
    expect((await winner).status).toBe('ASSIGNED');
    const error = await loser;
    expect(error).toBeInstanceOf(AppointmentClashError);
    expect((error as AppointmentClashError).clashes.map((c) => c.appointmentId)).toEqual([
      first.id,
    ]);
    expect((await activeOfRep(rep.userId)).map((a) => a.appointment_id)).toContain(first.id);
    expect(await assignmentsOf(second.id)).toEqual([]);
  });

  it('the same assign repeated with one key (concurrently and after): one effect, the same answer', async () => {
    const day = nextDay();
    const slot = await newAppointment(staff, `${day}T09:00:00Z`, `${day}T10:00:00Z`);
    const key = newKey();
    const input = { appointmentId: slot.id, repId: rep.userId };
    const answers = await Promise.allSettled(
      Array.from({ length: 10 }, () => withKey(staff, key).appointments.assign(input)),
    );
    const ok = answers.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
    // A twin still in flight when another holds the key answers CONFLICT "retry shortly";
    // every answer that is an answer is the same one.
    for (const a of answers)
      if (a.status === 'rejected') expect((a.reason as TRPCError).code).toBe('CONFLICT');
    expect(ok.length).toBeGreaterThan(0);
    const later = await withKey(staff, key).appointments.assign(input);
    const canonical = JSON.stringify(later);
    for (const a of ok) expect(JSON.stringify(a)).toBe(canonical);
    expect(later.changed).toBe(true);
    const rows = await assignmentsOf(slot.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      rep_id: rep.userId,
      active: true,
      assigned_by_id: staff.userId,
    });
    const audits = await ownerQuery<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_entries WHERE subject = $1 AND action = 'appointment.assigned'",
      [`appointment:${slot.id}`],
    );
    expect(audits[0]?.n).toBe(1);
    // The same key with another input is refused, and writes nothing.
    const other = await newAppointment(staff, `${day}T12:00:00Z`, `${day}T13:00:00Z`);
    expect(
      await trpcCode(
        withKey(staff, key).appointments.assign({ appointmentId: other.id, repId: rep.userId }),
      ),
    ).toBe('UNPROCESSABLE_CONTENT');
    expect(await assignmentsOf(other.id)).toEqual([]);
  });

  it('reassigning closes the previous assignment and keeps it as history', async () => {
    const day = nextDay();
    const slot = await newAppointment(staff, `${day}T09:00:00Z`, `${day}T10:00:00Z`);
    await withKey(staff).appointments.assign({ appointmentId: slot.id, repId: rep.userId });
    const second = await withKey(staff).appointments.assign({
      appointmentId: slot.id,
      repId: otherRep.userId,
    });
    expect(second).toMatchObject({ changed: true, previousRepId: rep.userId, status: 'ASSIGNED' });
    const rows = await assignmentsOf(slot.id);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      rep_id: rep.userId,
      active: false,
      end_reason: 'REASSIGNED',
      ended_by_id: staff.userId,
    });
    expect(rows[1]).toMatchObject({ rep_id: otherRep.userId, active: true, end_reason: null });
    // The first rep's time is free again.
    const next = await newAppointment(staff, `${day}T09:30:00Z`, `${day}T10:30:00Z`);
    await withKey(staff).appointments.assign({ appointmentId: next.id, repId: rep.userId });
    const detail = await callerFor(staff).appointments.get({ appointmentId: slot.id });
    expect(detail.assignments.map((a) => [a.rep?.id, a.active, a.endReason])).toEqual([
      [rep.userId, false, 'REASSIGNED'],
      [otherRep.userId, true, null],
    ]);
    expect(detail.timeline.map((e) => e.event)).toEqual([
      'lead.created',
      'lead.recording_consent_changed',
      'appointment.created',
      'appointment.assigned',
      'appointment.reassigned',
    ]);
  });

  it('back-to-back slots are both assigned to one rep', async () => {
    const day = nextDay();
    const first = await newAppointment(staff, `${day}T10:00:00Z`, `${day}T11:00:00Z`);
    const next = await newAppointment(staff, `${day}T11:00:00Z`, `${day}T12:00:00Z`);
    const before = await newAppointment(staff, `${day}T09:00:00Z`, `${day}T10:00:00Z`);
    const answers = await Promise.all(
      [first, next, before].map((s) =>
        withKey(staff).appointments.assign({ appointmentId: s.id, repId: otherRep.userId }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(['ASSIGNED', 'ASSIGNED', 'ASSIGNED']);
    const active = await activeOfRep(otherRep.userId);
    for (const s of [first, next, before])
      expect(active.map((a) => a.appointment_id)).toContain(s.id);
  });

  it('a cancelled appointment does not block the rep; cancel ends the assignment', async () => {
    const day = nextDay();
    const slot = await newAppointment(staff, `${day}T14:00:00Z`, `${day}T15:00:00Z`);
    await withKey(staff).appointments.assign({ appointmentId: slot.id, repId: rep.userId });
    const cancelled = await withKey(staff).appointments.cancel({ appointmentId: slot.id });
    expect(cancelled).toMatchObject({ status: 'CANCELLED', previousRepId: rep.userId });
    expect(await statusOf(slot.id)).toBe('CANCELLED');
    expect(await assignmentsOf(slot.id)).toMatchObject([
      { rep_id: rep.userId, active: false, end_reason: 'CANCELLED' },
    ]);
    const same = await newAppointment(staff, `${day}T14:00:00Z`, `${day}T15:00:00Z`);
    const assigned = await withKey(staff).appointments.assign({
      appointmentId: same.id,
      repId: rep.userId,
    });
    expect(assigned.status).toBe('ASSIGNED');
    // A cancelled appointment cannot be assigned again, and stays off the board.
    expect(
      await trpcCode(
        withKey(staff).appointments.assign({ appointmentId: slot.id, repId: otherRep.userId }),
      ),
    ).toBe('CONFLICT');
    expect(await assignmentsOf(slot.id)).toHaveLength(1);
    const board = await callerFor(staff).appointments.list({
      from: new Date(`${day}T00:00:00Z`),
      to: new Date(`${day}T23:59:59Z`),
    });
    const ids = board.reps.flatMap((r) => r.appointments.map((a) => a.id));
    expect(ids).toContain(same.id);
    expect(ids).not.toContain(slot.id);
  });

  it('a clash answers CONFLICT naming the clashing appointment (time and lead); the preview shows it first', async () => {
    const day = nextDay();
    const lead = await newLead(staff, 'Grace Hopper');
    const held = await newAppointment(staff, `${day}T10:00:00Z`, `${day}T11:00:00Z`, lead.id);
    await withKey(staff).appointments.assign({ appointmentId: held.id, repId: rep.userId });
    const wanted = await newAppointment(staff, `${day}T10:30:00Z`, `${day}T11:30:00Z`);
    const preview = await callerFor(staff).appointments.clashes({
      appointmentId: wanted.id,
      repId: rep.userId,
    });
    expect(preview.clashes.map((c) => [c.appointmentId, c.lead.name])).toEqual([
      [held.id, 'Grace Hopper'],
    ]);
    const error = await withKey(staff)
      .appointments.assign({ appointmentId: wanted.id, repId: rep.userId })
      .then(
        () => null,
        (e: unknown) => e as TRPCError,
      );
    expect(error?.code).toBe('CONFLICT');
    expect(error?.message).toContain(held.id);
    expect(error?.message).toContain(`${day} 10:00-${day} 11:00 UTC`);
    expect(error?.message).toContain('Grace Hopper');
    expect(await assignmentsOf(wanted.id)).toEqual([]);
    expect(await statusOf(wanted.id)).toBe('SCHEDULED');
    // With the other rep there is nothing to clash with.
    const free = await callerFor(staff).appointments.clashes({
      appointmentId: wanted.id,
      repId: otherRep.userId,
    });
    expect(free.clashes).toEqual([]);
  });

  it('unassign ends the assignment and puts the appointment back in the queue', async () => {
    const day = nextDay();
    const slot = await newAppointment(staff, `${day}T10:00:00Z`, `${day}T11:00:00Z`);
    await withKey(staff).appointments.assign({ appointmentId: slot.id, repId: rep.userId });
    const answer = await withKey(staff).appointments.unassign({ appointmentId: slot.id });
    expect(answer).toMatchObject({ status: 'SCHEDULED', previousRepId: rep.userId, changed: true });
    expect(await assignmentsOf(slot.id)).toMatchObject([
      { active: false, end_reason: 'UNASSIGNED' },
    ]);
    const board = await callerFor(staff).appointments.list({
      from: new Date(`${day}T00:00:00Z`),
      to: new Date(`${day}T23:59:59Z`),
    });
    expect(board.unassigned.map((a) => a.id)).toContain(slot.id);
  });

  it('refuses bad input with a clear 4xx and writes nothing', async () => {
    const day = nextDay();
    const slot = await newAppointment(staff, `${day}T10:00:00Z`, `${day}T11:00:00Z`);
    const before = await ownerQuery<{ n: number }>(
      'SELECT count(*)::int AS n FROM appointment_assignments',
    );
    const assign = (input: { appointmentId: string; repId: string }) =>
      withKey(staff).appointments.assign(input);
    // Not a REP: a staff member, the owner.
    const notRep = await assign({ appointmentId: slot.id, repId: staff.userId }).catch(
      (e: unknown) => e as TRPCError,
    );
    expect((notRep as TRPCError).code).toBe('BAD_REQUEST');
    expect((notRep as TRPCError).message).toMatch(/REP role; this member is STAFF/);
    // Not a member at all (a rep of another workspace looks like nobody).
    const elsewhere = await createTenant('assign-other');
    const foreignRep = await addPerson(elsewhere, 'REP');
    expect(await trpcCode(assign({ appointmentId: slot.id, repId: foreignRep.userId }))).toBe(
      'NOT_FOUND',
    );
    expect(await trpcCode(assign({ appointmentId: crypto.randomUUID(), repId: rep.userId }))).toBe(
      'NOT_FOUND',
    );
    expect(await trpcCode(assign({ appointmentId: 'nope', repId: rep.userId }))).toBe(
      'BAD_REQUEST',
    );
    // No Idempotency-Key.
    expect(
      await trpcCode(
        callerFor(staff).appointments.assign({ appointmentId: slot.id, repId: rep.userId }),
      ),
    ).toBe('BAD_REQUEST');
    // A REP may not assign (not even to themselves).
    expect(
      await trpcCode(
        withKey(rep).appointments.assign({ appointmentId: slot.id, repId: rep.userId }),
      ),
    ).toBe('FORBIDDEN');
    // A range that is empty, backwards or over a day.
    const lead = await newLead(staff);
    for (const [startsAt, endsAt] of [
      [`${day}T10:00:00Z`, `${day}T10:00:00Z`],
      [`${day}T11:00:00Z`, `${day}T10:00:00Z`],
      [`${day}T10:00:00Z`, '2030-01-01T10:00:00Z'],
    ])
      expect(
        await trpcCode(
          callerFor(staff).appointments.create({
            leadId: lead.id,
            startsAt: new Date(startsAt!),
            endsAt: new Date(endsAt!),
            address: 'x',
          }),
        ),
      ).toBe('BAD_REQUEST');
    const after = await ownerQuery<{ n: number }>(
      'SELECT count(*)::int AS n FROM appointment_assignments',
    );
    expect(after[0]?.n).toBe(before[0]?.n);
    expect(await statusOf(slot.id)).toBe('SCHEDULED');
    const appointments = await ownerQuery<{ n: number }>(
      'SELECT count(*)::int AS n FROM appointments WHERE lead_id = $1',
      [lead.id],
    );
    expect(appointments[0]?.n).toBe(0);
  });
});
