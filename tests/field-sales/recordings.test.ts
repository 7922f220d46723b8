// Flow 2, "a rep on a phone", through the tRPC procedures against real Postgres: a rep's day,
// recordings.start (lock + partial unique index under 20 racing calls, Idempotency-Key, consent),
// recordings.stop (from any state, idempotent), and what a REP may and may not see.
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
import { expectNotFound } from '../helpers/expect-not-found';
import { createVisit, newKey, sessionsOf, withKey } from './recordings-support';

type Person = Awaited<ReturnType<typeof addPerson>>;
let tenant: TestTenant;
let rep: Person;
let otherRep: Person;
let staff: Person;

beforeAll(async () => {
  tenant = await createTenant('rec');
  rep = await addPerson(tenant, 'REP');
  otherRep = await addPerson(tenant, 'REP');
  staff = await addPerson(tenant, 'STAFF');
});

const auditOf = (subject: string) =>
  ownerQuery<{ action: string; actor_id: string | null; detail: Record<string, unknown> }>(
    'SELECT action, actor_id, detail FROM audit_entries WHERE subject = $1 ORDER BY created_at',
    [subject],
  );

describe('rep.myAppointments', () => {
  it("lists the caller's active assignments overlapping their local day, nobody else's", async () => {
    const day = new Date(Date.UTC(2027, 0, 14, 9));
    const mine = await createVisit(tenant, { repId: rep.userId, startsAt: day, name: 'Ada Door' });
    // 23:30 UTC on the 13th is the 14th in Berlin, not in UTC.
    const lateEvening = await createVisit(tenant, {
      repId: rep.userId,
      startsAt: new Date(Date.UTC(2027, 0, 13, 23, 30)),
      endsAt: new Date(Date.UTC(2027, 0, 13, 23, 50)),
    });
    const theirs = await createVisit(tenant, { repId: otherRep.userId, startsAt: day });
    const unassigned = await createVisit(tenant, { startsAt: day });
    await createVisit(tenant, { repId: rep.userId, startsAt: new Date(Date.UTC(2027, 0, 15, 9)) });

    const utc = await callerFor(rep).rep.myAppointments({ day: '2027-01-14' });
    expect(utc.items.map((a) => a.id)).toEqual([mine.appointmentId]);
    expect(utc.items[0]).toMatchObject({
      address: '12 Door Street',
      lead: { id: mine.leadId, name: 'Ada Door', recordingConsent: 'GRANTED' },
      activeRecording: null,
      recorded: false,
    });
    const berlin = await callerFor(rep).rep.myAppointments({
      day: '2027-01-14',
      timeZone: 'Europe/Berlin',
    });
    expect(berlin.items.map((a) => a.id)).toEqual([lateEvening.appointmentId, mine.appointmentId]);
    const other = await callerFor(otherRep).rep.myAppointments({ day: '2027-01-14' });
    expect(other.items.map((a) => a.id)).toEqual([theirs.appointmentId]);
    // Office roles hold no assignments: their "day" is empty, not the whole tenant.
    const office = await callerFor(staff).rep.myAppointments({ day: '2027-01-14' });
    expect(office.items.map((a) => a.id)).not.toContain(unassigned.appointmentId);
    expect(office.items).toEqual([]);
  });

  it('shows the open recording and refuses a bad day or zone with the reason', async () => {
    const visit = await createVisit(tenant, {
      repId: rep.userId,
      startsAt: new Date(Date.UTC(2027, 1, 2, 9)),
    });
    const { session } = await withKey(rep).recordings.start({ appointmentId: visit.appointmentId });
    const day = await callerFor(rep).rep.myAppointments({ day: '2027-02-02' });
    expect(day.items[0]?.activeRecording).toMatchObject({ id: session.id, status: 'PENDING' });
    for (const input of [
      { day: '2027-02-30' },
      { day: '02/02/2027' },
      { day: '2027-02-02', timeZone: 'Mars/Olympus' },
    ])
      expect(await trpcCode(callerFor(rep).rep.myAppointments(input))).toBe('BAD_REQUEST');
  });
});

describe('recordings.start', () => {
  it('20 concurrent starts for one appointment open exactly one session', async () => {
    const visit = await createVisit(tenant, { repId: rep.userId });
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        withKey(rep).recordings.start({ appointmentId: visit.appointmentId }),
      ),
    );
    const rows = await sessionsOf(visit.appointmentId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      status: 'PENDING',
      rep_id: rep.userId,
      tenant_id: tenant.tenantId,
    });
    expect(new Set(results.map((r) => r.session.id))).toEqual(new Set([rows[0]!.id]));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect((await auditOf(`recording_session:${rows[0]!.id}`)).map((e) => e.action)).toEqual([
      'recording.started',
    ]);
  });

  it('needs an Idempotency-Key; the same key answers the same response without a second effect', async () => {
    const visit = await createVisit(tenant, { repId: rep.userId });
    expect(
      await trpcCode(callerFor(rep).recordings.start({ appointmentId: visit.appointmentId })),
    ).toBe('BAD_REQUEST');
    expect(await sessionsOf(visit.appointmentId)).toEqual([]);
    const key = newKey();
    const first = await withKey(rep, key).recordings.start({ appointmentId: visit.appointmentId });
    const again = await withKey(rep, key).recordings.start({ appointmentId: visit.appointmentId });
    expect(JSON.parse(JSON.stringify(again))).toEqual(JSON.parse(JSON.stringify(first)));
    expect(first.created).toBe(true);
    expect(await sessionsOf(visit.appointmentId)).toHaveLength(1);
    expect(await auditOf(`recording_session:${first.session.id}`)).toHaveLength(1);
    // Another key while it is open: the open session, not a new one.
    const other = await withKey(rep).recordings.start({ appointmentId: visit.appointmentId });
    expect(other).toMatchObject({ created: false, session: { id: first.session.id } });
  });

  it('is refused with PRECONDITION_FAILED, saying why, without recording consent', async () => {
    for (const consent of ['UNKNOWN', 'WITHDRAWN'] as const) {
      const visit = await createVisit(tenant, { repId: rep.userId, consent });
      const error = await withKey(rep)
        .recordings.start({ appointmentId: visit.appointmentId })
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe('PRECONDITION_FAILED');
      expect((error as TRPCError).message).toContain('not consented to being recorded');
      expect(await sessionsOf(visit.appointmentId)).toEqual([]);
    }
  });

  it('is refused for an unassigned or cancelled appointment', async () => {
    const unassigned = await createVisit(tenant);
    expect(
      await trpcCode(withKey(staff).recordings.start({ appointmentId: unassigned.appointmentId })),
    ).toBe('PRECONDITION_FAILED');
    const cancelled = await createVisit(tenant, { repId: rep.userId });
    await ownerQuery(`UPDATE appointments SET status = 'CANCELLED' WHERE id = $1`, [
      cancelled.appointmentId,
    ]);
    expect(
      await trpcCode(withKey(rep).recordings.start({ appointmentId: cancelled.appointmentId })),
    ).toBe('PRECONDITION_FAILED');
    expect(await sessionsOf(cancelled.appointmentId)).toEqual([]);
  });

  it("staff start on the assigned rep's behalf; another rep gets NOT_FOUND", async () => {
    const visit = await createVisit(tenant, { repId: rep.userId });
    await expectNotFound(
      withKey(otherRep).recordings.start({ appointmentId: visit.appointmentId }),
    );
    expect(await sessionsOf(visit.appointmentId)).toEqual([]);
    const { session } = await withKey(staff).recordings.start({
      appointmentId: visit.appointmentId,
    });
    expect(session.repId).toBe(rep.userId);
    const [entry] = await auditOf(`recording_session:${session.id}`);
    expect(entry?.actor_id).toBe(staff.userId);
  });

  it("answers CONFLICT while the previous rep's recording is still open after a reassignment", async () => {
    const visit = await createVisit(tenant, { repId: rep.userId });
    const { session } = await withKey(rep).recordings.start({ appointmentId: visit.appointmentId });
    await ownerQuery(
      `UPDATE appointment_assignments SET active = false, ended_at = now(), end_reason = 'REASSIGNED' WHERE appointment_id = $1`,
      [visit.appointmentId],
    );
    await ownerQuery(
      `INSERT INTO appointment_assignments (tenant_id, appointment_id, starts_at, ends_at, rep_id)
       SELECT tenant_id, id, starts_at, ends_at, $2 FROM appointments WHERE id = $1`,
      [visit.appointmentId, otherRep.userId],
    );
    expect(
      await trpcCode(withKey(otherRep).recordings.start({ appointmentId: visit.appointmentId })),
    ).toBe('CONFLICT');
    // The first rep no longer holds the appointment, but can still stop their own session.
    await withKey(rep).recordings.stop({ sessionId: session.id });
    const reopened = await withKey(otherRep).recordings.start({
      appointmentId: visit.appointmentId,
    });
    expect(reopened).toMatchObject({ created: true, session: { repId: otherRep.userId } });
  });
});

describe('the appointment follows its recording', () => {
  it('IN_PROGRESS while recording (not reassignable), ASSIGNED again when stopped without audio', async () => {
    const visit = await createVisit(tenant, { repId: rep.userId });
    const statusOf = async () =>
      (
        await ownerQuery<{ status: string }>(
          'SELECT status::text FROM appointments WHERE id = $1',
          [visit.appointmentId],
        )
      )[0]?.status;
    const { session } = await withKey(rep).recordings.start({ appointmentId: visit.appointmentId });
    expect(await statusOf()).toBe('IN_PROGRESS');
    expect(
      await trpcCode(
        withKey(tenant.owner).appointments.assign({
          appointmentId: visit.appointmentId,
          repId: otherRep.userId,
        }),
      ),
    ).toBe('CONFLICT');
    await withKey(rep).recordings.stop({ sessionId: session.id });
    expect(await statusOf()).toBe('ASSIGNED');
  });
});

describe('recordings.stop', () => {
  it('stops a session stuck in PENDING (ABANDONED, audited) and frees the appointment', async () => {
    const visit = await createVisit(tenant, { repId: rep.userId });
    const { session } = await withKey(rep).recordings.start({ appointmentId: visit.appointmentId });
    const stopped = await withKey(rep).recordings.stop({ sessionId: session.id });
    expect(stopped).toMatchObject({
      changed: true,
      session: {
        id: session.id,
        status: 'ABANDONED',
        endedReason: expect.stringContaining('before any audio') as unknown,
      },
    });
    expect((await sessionsOf(visit.appointmentId))[0]).toMatchObject({ status: 'ABANDONED' });
    const audit = await auditOf(`recording_session:${session.id}`);
    expect(audit.map((e) => [e.action, e.actor_id])).toEqual([
      ['recording.started', rep.userId],
      ['recording.stopped', rep.userId],
    ]);
    expect(audit[1]?.detail).toMatchObject({ from: 'PENDING', to: 'ABANDONED' });
    const next = await withKey(rep).recordings.start({ appointmentId: visit.appointmentId });
    expect(next.created).toBe(true);
    expect(next.session.id).not.toBe(session.id);
  });

  it('stops from RECORDING too; is idempotent with its key and harmless without a change', async () => {
    const visit = await createVisit(tenant, { repId: rep.userId });
    const { session } = await withKey(rep).recordings.start({ appointmentId: visit.appointmentId });
    await ownerQuery(`UPDATE recording_sessions SET status = 'RECORDING' WHERE id = $1`, [
      session.id,
    ]);
    expect(await trpcCode(callerFor(rep).recordings.stop({ sessionId: session.id }))).toBe(
      'BAD_REQUEST',
    );
    const key = newKey();
    const results = await Promise.all(
      [key, key, key].map((k) =>
        withKey(rep, k)
          .recordings.stop({ sessionId: session.id })
          .then(
            (r) => r,
            (e: unknown) => e,
          ),
      ),
    );
    // One ran; its twins either got the stored answer or were told it is still in flight.
    const answers = results.filter((r) => !(r instanceof TRPCError));
    for (const refused of results.filter((r) => r instanceof TRPCError))
      expect(refused.code).toBe('CONFLICT');
    expect(answers.length).toBeGreaterThan(0);
    for (const answer of answers)
      expect(answer).toMatchObject({ changed: true, session: { status: 'ABANDONED' } });
    const replay = await withKey(rep, key).recordings.stop({ sessionId: session.id });
    expect(replay).toMatchObject({ changed: true });
    const fresh = await withKey(rep).recordings.stop({ sessionId: session.id });
    expect(fresh).toMatchObject({ changed: false, session: { status: 'ABANDONED' } });
    const stops = (await auditOf(`recording_session:${session.id}`)).filter(
      (e) => e.action === 'recording.stopped',
    );
    expect(stops).toHaveLength(1);
    expect(stops[0]?.detail).toMatchObject({ from: 'RECORDING', to: 'ABANDONED' });
  });
});

describe('recordings.get and recordings.list', () => {
  it('a REP reads their own sessions; another rep gets NOT_FOUND everywhere', async () => {
    const visit = await createVisit(tenant, { repId: rep.userId });
    const { session } = await withKey(rep).recordings.start({ appointmentId: visit.appointmentId });
    expect(await callerFor(rep).recordings.get({ sessionId: session.id })).toMatchObject({
      id: session.id,
      status: 'PENDING',
      audio: null,
    });
    expect(
      (await callerFor(rep).recordings.list({ appointmentId: visit.appointmentId })).map(
        (s) => s.id,
      ),
    ).toEqual([session.id]);
    expect(
      (await callerFor(staff).recordings.list({ appointmentId: visit.appointmentId })).map(
        (s) => s.id,
      ),
    ).toEqual([session.id]);
    await expectNotFound(callerFor(otherRep).recordings.get({ sessionId: session.id }));
    await expectNotFound(
      callerFor(otherRep).recordings.list({ appointmentId: visit.appointmentId }),
    );
    await expectNotFound(withKey(otherRep).recordings.stop({ sessionId: session.id }));
    expect((await sessionsOf(visit.appointmentId))[0]?.status).toBe('PENDING');
    // The storage key is internal: never in an answer.
    expect(
      JSON.stringify(await callerFor(staff).recordings.get({ sessionId: session.id })),
    ).not.toContain('audioKey');
  });
});
