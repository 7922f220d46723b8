// Cross-tenant and REP-to-other-rep cases for rep.* and recordings.*, shaped for
// tests/tenant-isolation.test.ts (spread `...recordingsIsolationCases(() => ({ a, b }))`). Tenant
// B's owner and B's rep act on tenant A's appointment and session; so does A's second rep, who
// holds none of it. Every id answers NOT_FOUND, lists show nothing, and A's rows stay as they were.
import { expect } from 'vitest';
import { expectNotFound } from '../helpers/expect-not-found';
import { addPerson, callerFor, type TestTenant } from '../helpers/fixtures';
import { createVisit, sessionsOf, withKey } from './recordings-support';

type Tenants = () => { a: TestTenant; b: TestTenant };
type Person = Awaited<ReturnType<typeof addPerson>>;
type AFixtures = {
  appointmentId: string;
  sessionId: string;
  rep: Person;
  otherRep: Person;
  bRep: Person;
};

const DAY = '2027-03-09';

export function recordingsIsolationCases(tenants: Tenants): Record<string, () => Promise<void>> {
  let fixtures: Promise<AFixtures> | undefined;
  /** Tenant A: a rep with an appointment on DAY and an open recording; a second rep without. */
  const aFixtures = () =>
    (fixtures ??= (async () => {
      const { a, b } = tenants();
      const rep = await addPerson(a, 'REP');
      const otherRep = await addPerson(a, 'REP');
      const bRep = await addPerson(b, 'REP');
      const visit = await createVisit(a, {
        repId: rep.userId,
        startsAt: new Date(`${DAY}T10:00:00Z`),
        name: 'A secret visit',
      });
      const { session } = await withKey(rep).recordings.start({
        appointmentId: visit.appointmentId,
      });
      return { appointmentId: visit.appointmentId, sessionId: session.id, rep, otherRep, bRep };
    })());
  /** Everyone who must not reach A's rep's work: B's owner, B's rep, A's other rep. */
  const outsiders = async () => {
    const { otherRep, bRep } = await aFixtures();
    return [tenants().b.owner, bRep, otherRep];
  };
  const unchanged = async () => {
    const { appointmentId, sessionId, rep } = await aFixtures();
    const rows = await sessionsOf(appointmentId);
    expect(rows.map((r) => [r.id, r.status, r.rep_id])).toEqual([
      [sessionId, 'PENDING', rep.userId],
    ]);
  };

  return {
    'rep.myAppointments': async () => {
      const { appointmentId } = await aFixtures();
      for (const who of await outsiders()) {
        const day = await callerFor(who).rep.myAppointments({ day: DAY });
        expect(day.items.map((i) => i.id)).not.toContain(appointmentId);
        expect(JSON.stringify(day)).not.toContain('A secret visit');
      }
      const own = await callerFor((await aFixtures()).rep).rep.myAppointments({ day: DAY });
      expect(own.items.map((i) => i.id)).toEqual([appointmentId]);
    },
    'recordings.start': async () => {
      const { appointmentId } = await aFixtures();
      for (const who of await outsiders())
        await expectNotFound(withKey(who).recordings.start({ appointmentId }));
      await unchanged();
    },
    'recordings.stop': async () => {
      const { sessionId } = await aFixtures();
      for (const who of await outsiders())
        await expectNotFound(withKey(who).recordings.stop({ sessionId }));
      await unchanged();
    },
    'recordings.get': async () => {
      const { sessionId } = await aFixtures();
      for (const who of await outsiders())
        await expectNotFound(callerFor(who).recordings.get({ sessionId }));
    },
    'recordings.list': async () => {
      const { appointmentId } = await aFixtures();
      for (const who of await outsiders())
        await expectNotFound(callerFor(who).recordings.list({ appointmentId }));
    },
  };
}
