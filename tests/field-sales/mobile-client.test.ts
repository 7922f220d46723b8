// examples/mobile-client.ts, run as its own process against a real HTTP server with a REP's API
// token: the rep's day (myAppointments), start, a streamed upload with its SHA-256, stop. The
// stored rows say it happened once: one session, UPLOADED with the audio, its analysis queued.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvForTests } from '../../src/server/env';
import { addPerson, createTenant, ownerQuery, type TestTenant } from '../helpers/fixtures';
import { bearerFor } from '../kernel/support';
import { startPhoneAppServer, type PhoneAppServer } from './phone-app-server';
import { createVisit, sessionsOf, sha256, type Visit } from './recordings-support';

const dir = mkdtempSync(path.join(tmpdir(), 'sb-recordings-'));
chmodSync(dir, 0o755);
process.env.RECORDINGS_DIR = dir;
resetEnvForTests();

let server: PhoneAppServer;
let tenant: TestTenant;
let token: string;
let visit: Visit;
let withoutConsent: Visit;

beforeAll(async () => {
  server = await startPhoneAppServer();
  tenant = await createTenant('phone');
  const rep = await addPerson(tenant, 'REP');
  token = await bearerFor({ ...rep, kind: 'session' });
  withoutConsent = await createVisit(tenant, {
    repId: rep.userId,
    consent: 'UNKNOWN',
    startsAt: new Date('2027-04-06T08:00:00Z'),
    name: 'Not Recorded',
  });
  visit = await createVisit(tenant, {
    repId: rep.userId,
    startsAt: new Date('2027-04-06T10:00:00Z'),
    name: 'Grace Porch',
  });
});
afterAll(() => server.close());

function runExample(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'examples/mobile-client.ts'], {
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...env },
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

describe('examples/mobile-client.ts', () => {
  it("does a rep's day over HTTP: myAppointments → start → upload → stop", async () => {
    const { code, out } = await runExample({
      SWITCHBOARD_URL: server.origin,
      SWITCHBOARD_TOKEN: token,
      SWITCHBOARD_DAY: '2027-04-06',
      SWITCHBOARD_TIME_ZONE: 'Europe/Berlin',
    });
    expect(out).toContain('2 appointment(s) on 2027-04-06 (Europe/Berlin)');
    expect(out).toContain('uploaded 8044 bytes (UPLOADED)');
    expect(out).toMatch(/recording [0-9a-f-]{36} stopped \(UPLOADED\)/);
    expect(code).toBe(0);

    expect(await sessionsOf(withoutConsent.appointmentId)).toEqual([]);
    const rows = await sessionsOf(visit.appointmentId);
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row).toMatchObject({
      status: 'UPLOADED',
      audio_content_type: 'audio/wav',
      audio_size_bytes: 8044,
      audio_duration_ms: 1000,
    });
    const stored = new Uint8Array(readFileSync(path.join(dir, row!.audio_key!)));
    expect(sha256(stored)).toBe(row!.audio_sha256);
    const jobs = await ownerQuery<{ key: string }>(
      `SELECT j.key FROM graphile_worker._private_jobs j
         JOIN graphile_worker._private_tasks t ON t.id = j.task_id
        WHERE t.identifier = 'analysis.submit' AND j.payload->>'recordingSessionId' = $1`,
      [row!.id],
    );
    expect(jobs).toEqual([{ key: `analysis.submit:${row!.id}` }]);
    const actions = await ownerQuery<{ action: string }>(
      `SELECT action FROM audit_entries WHERE subject = $1 ORDER BY created_at`,
      [`recording_session:${row!.id}`],
    );
    expect(actions.map((a) => a.action)).toEqual([
      'recording.started',
      'recording.uploaded',
      'recording.stopped',
    ]);

    // Run again: the visit has its recording; nothing new to record, nothing duplicated.
    const again = await runExample({
      SWITCHBOARD_URL: server.origin,
      SWITCHBOARD_TOKEN: token,
      SWITCHBOARD_DAY: '2027-04-06',
      SWITCHBOARD_TIME_ZONE: 'Europe/Berlin',
    });
    expect(again.out).toContain('nothing to record today');
    expect(again.code).toBe(0);
    expect(await sessionsOf(visit.appointmentId)).toHaveLength(1);
  });

  it('exits 2 with the reason when no token is set', async () => {
    const { code, out } = await runExample({ SWITCHBOARD_URL: server.origin });
    expect(code).toBe(2);
    expect(out).toContain('Set SWITCHBOARD_TOKEN');
  });
});
