// The reaper (recordings.reap-abandoned, cron every 5 minutes): sessions left PENDING/RECORDING
// past RECORDING_ABANDON_AFTER_MINUTES since their start are marked ABANDONED and audited as the
// system, so the appointment can be recorded again; younger or finished sessions are untouched.
// recording_sessions_active follows the open ones at scrape time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withSystemTx } from '../../src/server/db/tx';
import { resetEnvForTests } from '../../src/server/env';
import { getJobStats } from '../../src/server/domain/jobs/queue-stats';
import { abandonStaleRecordings } from '../../src/server/domain/recordings';
import { registerJobStats } from '../../src/server/obs/metrics';
import { cronItems } from '../../src/worker/crontab';
import { addPerson, createTenant, ownerQuery, type TestTenant } from '../helpers/fixtures';
import { metricValue } from '../helpers/metrics';
import { runDueJobs } from '../kernel/support';
import { createVisit, sessionsOf, withKey } from './recordings-support';

type Person = Awaited<ReturnType<typeof addPerson>>;
let tenant: TestTenant;
let other: TestTenant;
let rep: Person;
let otherRep: Person;

beforeAll(async () => {
  tenant = await createTenant('reaper');
  other = await createTenant('reaper-b');
  rep = await addPerson(tenant, 'REP');
  otherRep = await addPerson(other, 'REP');
  registerJobStats(() => withSystemTx((tx) => getJobStats(tx)));
});
afterAll(() => {
  delete process.env.RECORDING_ABANDON_AFTER_MINUTES;
  resetEnvForTests();
});

async function openSession(who: Person, t: TestTenant, startedMinutesAgo: number) {
  const { appointmentId } = await createVisit(t, { repId: who.userId });
  const { session } = await withKey(who).recordings.start({ appointmentId });
  await ownerQuery(
    `UPDATE recording_sessions SET started_at = now() - make_interval(mins => $2) WHERE id = $1`,
    [session.id, startedMinutesAgo],
  );
  return { appointmentId, sessionId: session.id };
}
const abandonAudits = (sessionId: string) =>
  ownerQuery<{ tenant_id: string; actor_id: string | null; detail: Record<string, unknown> }>(
    `SELECT tenant_id, actor_id, detail FROM audit_entries WHERE action = 'recording.abandoned' AND subject = $1`,
    [`recording_session:${sessionId}`],
  );

describe('abandonStaleRecordings', () => {
  it('abandons open sessions past the limit in every tenant, and only those', async () => {
    const stale = await openSession(rep, tenant, 200);
    const staleRecording = await openSession(otherRep, other, 181);
    await ownerQuery(`UPDATE recording_sessions SET status = 'RECORDING' WHERE id = $1`, [
      staleRecording.sessionId,
    ]);
    const young = await openSession(rep, tenant, 30);
    const uploadedOld = await openSession(rep, tenant, 500);
    await ownerQuery(
      `UPDATE recording_sessions SET status = 'UPLOADED', uploaded_at = now(), audio_key = 'k',
              audio_size_bytes = 1, audio_content_type = 'audio/wav', audio_sha256 = repeat('a', 64)
        WHERE id = $1`,
      [uploadedOld.sessionId],
    );

    const result = await withSystemTx((tx) =>
      abandonStaleRecordings(tx, { now: new Date(), afterMinutes: 180 }),
    );
    expect(result).toEqual({ abandoned: 2, hasMore: false });
    for (const { appointmentId, sessionId } of [stale, staleRecording]) {
      const [row] = await sessionsOf(appointmentId);
      expect(row).toMatchObject({ id: sessionId, status: 'ABANDONED' });
      expect(row!.ended_reason).toContain('180 minutes');
      expect(row!.stopped_at).not.toBeNull();
      // Nothing recorded: the appointment is given back, no longer IN_PROGRESS.
      const [appointment] = await ownerQuery<{ status: string }>(
        'SELECT status::text FROM appointments WHERE id = $1',
        [appointmentId],
      );
      expect(appointment?.status).toBe('ASSIGNED');
    }
    expect((await abandonAudits(stale.sessionId))[0]).toMatchObject({
      tenant_id: tenant.tenantId,
      actor_id: null,
      detail: { from: 'PENDING' },
    });
    expect((await abandonAudits(staleRecording.sessionId))[0]).toMatchObject({
      tenant_id: other.tenantId,
      detail: { from: 'RECORDING' },
    });
    expect((await sessionsOf(young.appointmentId))[0]?.status).toBe('PENDING');
    expect((await sessionsOf(uploadedOld.appointmentId))[0]?.status).toBe('UPLOADED');
    expect(await abandonAudits(young.sessionId)).toEqual([]);

    // Nothing blocks the appointment any more: the next start opens a new session.
    const next = await withKey(rep).recordings.start({ appointmentId: stale.appointmentId });
    expect(next.created).toBe(true);
    // A second pass finds nothing new.
    expect(
      await withSystemTx((tx) =>
        abandonStaleRecordings(tx, { now: new Date(), afterMinutes: 180 }),
      ),
    ).toEqual({ abandoned: 0, hasMore: false });
  });

  it('works in batches, saying when there is more', async () => {
    const sessions = await Promise.all([1, 2, 3].map(() => openSession(rep, tenant, 400)));
    const first = await withSystemTx((tx) =>
      abandonStaleRecordings(tx, { now: new Date(), afterMinutes: 180, limit: 2 }),
    );
    expect(first).toEqual({ abandoned: 2, hasMore: true });
    const second = await withSystemTx((tx) =>
      abandonStaleRecordings(tx, { now: new Date(), afterMinutes: 180, limit: 2 }),
    );
    expect(second).toEqual({ abandoned: 1, hasMore: false });
    for (const { appointmentId } of sessions)
      expect((await sessionsOf(appointmentId))[0]?.status).toBe('ABANDONED');
  });
});

describe('the recordings.reap-abandoned task', () => {
  it('runs every 5 minutes and uses RECORDING_ABANDON_AFTER_MINUTES', async () => {
    expect(cronItems.find((c) => c.task === 'recordings.reap-abandoned')?.match).toBe(
      '*/5 * * * *',
    );
    process.env.RECORDING_ABANDON_AFTER_MINUTES = '10';
    resetEnvForTests();
    const stale = await openSession(rep, tenant, 11);
    const young = await openSession(rep, tenant, 9);
    await ownerQuery(`SELECT graphile_worker.add_job('recordings.reap-abandoned', '{}'::json)`);
    await runDueJobs();
    expect((await sessionsOf(stale.appointmentId))[0]?.status).toBe('ABANDONED');
    expect((await sessionsOf(young.appointmentId))[0]?.status).toBe('PENDING');
  });
});

describe('recording_sessions_active', () => {
  it('counts PENDING and RECORDING sessions of every tenant at scrape time', async () => {
    const [{ open } = { open: 0 }] = await ownerQuery<{ open: number }>(
      `SELECT count(*)::int AS open FROM recording_sessions WHERE status IN ('PENDING', 'RECORDING')`,
    );
    expect(await metricValue('recording_sessions_active', {})).toBe(open);
    const a = await openSession(rep, tenant, 1);
    await openSession(otherRep, other, 1);
    expect(await metricValue('recording_sessions_active', {})).toBe(open + 2);
    await withKey(rep).recordings.stop({ sessionId: a.sessionId });
    expect(await metricValue('recording_sessions_active', {})).toBe(open + 1);
  });
});
