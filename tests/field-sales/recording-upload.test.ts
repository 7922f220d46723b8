// POST /api/v1/recordings/<id>/audio over a real Request and a real storage directory: the audio
// streams to disk (a part file grows while the body is still arriving), is hashed and counted on
// the way; a good upload moves the session to UPLOADED, audits it and queues analysis.submit in
// the same transaction; every refusal (401/404/409/413/415/422/400) keeps no row change and no file.
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvForTests } from '../../src/server/env';
import { addPerson, createTenant, ownerQuery, type TestTenant } from '../helpers/fixtures';
import { bearerFor } from '../kernel/support';
import {
  createVisit,
  sessionsOf,
  sha256,
  uploadAudio,
  wavBytes,
  withKey,
  type SessionRow,
} from './recordings-support';

const dir = mkdtempSync(path.join(tmpdir(), 'sb-recordings-'));
chmodSync(dir, 0o755);
process.env.RECORDINGS_DIR = dir;
resetEnvForTests();

type Person = Awaited<ReturnType<typeof addPerson>>;
let tenant: TestTenant;
let rep: Person;
let repToken: string;
let otherRepToken: string;
let outsiderToken: string;

beforeAll(async () => {
  tenant = await createTenant('upload-rec');
  rep = await addPerson(tenant, 'REP');
  repToken = await bearerFor(rep);
  otherRepToken = await bearerFor(await addPerson(tenant, 'REP'));
  const other = await createTenant('upload-other');
  outsiderToken = await bearerFor(await addPerson(other, 'REP'));
});
afterEach(() => {
  delete process.env.RECORDING_MAX_BYTES;
  resetEnvForTests();
});

/** Every file under the storage directory (part files included), relative to it. */
function storedFiles(): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}
const filesOf = (sessionId: string) => storedFiles().filter((f) => f.includes(sessionId));

async function openSession(): Promise<{ appointmentId: string; sessionId: string }> {
  const { appointmentId } = await createVisit(tenant, { repId: rep.userId });
  const { session } = await withKey(rep).recordings.start({ appointmentId });
  return { appointmentId, sessionId: session.id };
}

const analysisJobs = (sessionId: string) =>
  ownerQuery<{ key: string | null; payload: Record<string, unknown> }>(
    `SELECT j.key, j.payload FROM graphile_worker._private_jobs j
       JOIN graphile_worker._private_tasks t ON t.id = j.task_id
      WHERE t.identifier = 'analysis.submit' AND j.payload->>'recordingSessionId' = $1`,
    [sessionId],
  );
const uploadAudits = (sessionId: string) =>
  ownerQuery<{ actor_id: string; detail: Record<string, unknown> }>(
    `SELECT actor_id, detail FROM audit_entries WHERE action = 'recording.uploaded' AND subject = $1`,
    [`recording_session:${sessionId}`],
  );

async function expectUntouched(appointmentId: string, sessionId: string): Promise<void> {
  const [row] = await sessionsOf(appointmentId);
  expect(row).toMatchObject<Partial<SessionRow>>({
    id: sessionId,
    status: 'PENDING',
    audio_key: null,
    audio_sha256: null,
  });
  expect(filesOf(sessionId)).toEqual([]);
  expect(await analysisJobs(sessionId)).toEqual([]);
  expect(await uploadAudits(sessionId)).toEqual([]);
}

const appointmentStatus = async (appointmentId: string) =>
  (
    await ownerQuery<{ status: string }>('SELECT status::text FROM appointments WHERE id = $1', [
      appointmentId,
    ])
  )[0]?.status;

const errorOf = async (response: Response) => ((await response.json()) as { error: string }).error;

describe('a good upload', () => {
  it('stores the file, moves the session to UPLOADED and queues its analysis in one step', async () => {
    const { appointmentId, sessionId } = await openSession();
    const audio = wavBytes(300);
    const response = await uploadAudio(sessionId, audio, {
      token: repToken,
      headers: { 'content-sha256': sha256(audio).toUpperCase(), 'x-recording-duration-ms': '300' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      id: sessionId,
      status: 'UPLOADED',
      audio: {
        contentType: 'audio/wav',
        sizeBytes: audio.length,
        sha256: sha256(audio),
        durationMs: 300,
      },
    });
    const [row] = await sessionsOf(appointmentId);
    expect(row).toMatchObject({
      status: 'UPLOADED',
      audio_size_bytes: audio.length,
      audio_content_type: 'audio/wav',
      audio_sha256: sha256(audio),
      audio_duration_ms: 300,
    });
    expect(row!.audio_key).toMatch(
      new RegExp(`^${tenant.tenantId}/${sessionId}/[0-9a-f-]{36}\\.wav$`),
    );
    // Stopped only when the phone says so (below).
    expect(row!.stopped_at).toBeNull();
    // The visit is recorded: the appointment is COMPLETED (it was IN_PROGRESS while recording).
    expect(await appointmentStatus(appointmentId)).toBe('COMPLETED');
    expect(filesOf(sessionId)).toEqual([row!.audio_key]);
    expect(new Uint8Array(readFileSync(path.join(dir, row!.audio_key!)))).toEqual(audio);
    expect(await analysisJobs(sessionId)).toEqual([
      {
        key: `analysis.submit:${sessionId}`,
        payload: expect.objectContaining({
          tenantId: tenant.tenantId,
          recordingSessionId: sessionId,
        }) as unknown,
      },
    ]);
    const [audit] = await uploadAudits(sessionId);
    expect(audit).toMatchObject({
      actor_id: rep.userId,
      detail: { from: 'PENDING', sizeBytes: audio.length },
    });
    // Stopping afterwards (the phone's last step) keeps the audio and the status.
    const stopped = await withKey(rep).recordings.stop({ sessionId });
    expect(stopped.session).toMatchObject({
      status: 'UPLOADED',
      audio: { sizeBytes: audio.length },
    });
    expect(stopped.changed).toBe(true);
    expect((await sessionsOf(appointmentId))[0]?.stopped_at).not.toBeNull();
  });

  it('streams: the file is being written while the body is still arriving', async () => {
    const { appointmentId, sessionId } = await openSession();
    const chunk = new Uint8Array(256 * 1024).fill(7);
    let sawPartFile = false;
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (sent === 4) {
          controller.close();
          return;
        }
        if (sent === 2) {
          // Half the body is sent: storage must already hold bytes of it on disk.
          for (let i = 0; i < 200 && !sawPartFile; i++) {
            sawPartFile = filesOf(sessionId).some((f) => f.endsWith('.part'));
            if (!sawPartFile) await new Promise((r) => setTimeout(r, 10));
          }
        }
        sent += 1;
        controller.enqueue(chunk);
      },
    });
    const response = await uploadAudio(sessionId, body, {
      token: repToken,
      contentType: 'audio/webm',
    });
    expect(response.status).toBe(200);
    expect(sawPartFile).toBe(true);
    const [row] = await sessionsOf(appointmentId);
    expect(row).toMatchObject({ status: 'UPLOADED', audio_size_bytes: 4 * chunk.length });
    expect(filesOf(sessionId)).toEqual([row!.audio_key]);
  });
});

describe('refusals keep nothing', () => {
  it('401 without a token or with a bad one', async () => {
    const { appointmentId, sessionId } = await openSession();
    expect((await uploadAudio(sessionId, wavBytes())).status).toBe(401);
    expect((await uploadAudio(sessionId, wavBytes(), { token: 'sb_forged' })).status).toBe(401);
    await expectUntouched(appointmentId, sessionId);
  });

  it("404 for another rep's session, another tenant's, an unknown id and a non-id", async () => {
    const { appointmentId, sessionId } = await openSession();
    expect((await uploadAudio(sessionId, wavBytes(), { token: otherRepToken })).status).toBe(404);
    expect((await uploadAudio(sessionId, wavBytes(), { token: outsiderToken })).status).toBe(404);
    expect(
      (await uploadAudio('7d7e9f0a-0000-4000-8000-000000000000', wavBytes(), { token: repToken }))
        .status,
    ).toBe(404);
    expect((await uploadAudio('not-a-session', wavBytes(), { token: repToken })).status).toBe(404);
    await expectUntouched(appointmentId, sessionId);
  });

  it('415 for anything but an accepted audio type, naming them', async () => {
    const { appointmentId, sessionId } = await openSession();
    for (const contentType of [
      'text/plain',
      'multipart/form-data; boundary=x',
      'video/mp4',
      'application/octet-stream',
    ]) {
      const response = await uploadAudio(sessionId, wavBytes(), { token: repToken, contentType });
      expect(response.status).toBe(415);
      expect(await errorOf(response)).toContain('audio/mpeg');
    }
    await expectUntouched(appointmentId, sessionId);
  });

  it('413 over RECORDING_MAX_BYTES, declared up front or found while streaming', async () => {
    process.env.RECORDING_MAX_BYTES = '2048';
    resetEnvForTests();
    const { appointmentId, sessionId } = await openSession();
    const declared = await uploadAudio(sessionId, new Uint8Array(4096), {
      token: repToken,
      headers: { 'content-length': '4096' },
    });
    expect(declared.status).toBe(413);
    // No Content-Length: the byte count stops it on the way.
    let chunks = 0;
    const streamed = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (chunks++ === 8) controller.close();
        else controller.enqueue(new Uint8Array(1024).fill(1));
      },
    });
    const response = await uploadAudio(sessionId, streamed, { token: repToken });
    expect(response.status).toBe(413);
    expect(await errorOf(response)).toContain('RECORDING_MAX_BYTES');
    await expectUntouched(appointmentId, sessionId);
    // At the limit exactly it is fine.
    expect(
      (await uploadAudio(sessionId, new Uint8Array(2048).fill(2), { token: repToken })).status,
    ).toBe(200);
  });

  it('422 when the bytes do not hash to Content-SHA256; the right hash then succeeds', async () => {
    const { appointmentId, sessionId } = await openSession();
    const audio = wavBytes();
    const response = await uploadAudio(sessionId, audio, {
      token: repToken,
      headers: { 'x-content-sha256': sha256(new Uint8Array([1, 2, 3])) },
    });
    expect(response.status).toBe(422);
    expect(await errorOf(response)).toContain(sha256(audio));
    await expectUntouched(appointmentId, sessionId);
    // Base64, as object stores write it, is understood too.
    const base64 = Buffer.from(sha256(audio), 'hex').toString('base64');
    const ok = await uploadAudio(sessionId, audio, {
      token: repToken,
      headers: { 'x-content-sha256': base64 },
    });
    expect(ok.status).toBe(200);
  });

  it('400 for a malformed hash or duration header and for an empty body', async () => {
    const { appointmentId, sessionId } = await openSession();
    const cases: [Uint8Array, Record<string, string>, string][] = [
      [wavBytes(), { 'content-sha256': 'abc' }, 'Content-SHA256'],
      [wavBytes(), { 'x-recording-duration-ms': '-5' }, 'X-Recording-Duration-Ms'],
      [wavBytes(), { 'x-recording-duration-ms': '99999999999' }, 'X-Recording-Duration-Ms'],
      [new Uint8Array(0), {}, 'empty'],
    ];
    for (const [body, headers, reason] of cases) {
      const response = await uploadAudio(sessionId, body, { token: repToken, headers });
      expect(response.status).toBe(400);
      expect(await errorOf(response)).toContain(reason);
    }
    await expectUntouched(appointmentId, sessionId);
  });

  it('400 when the body breaks off mid-way; the part file is gone', async () => {
    const { appointmentId, sessionId } = await openSession();
    let sent = 0;
    const broken = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 3) controller.enqueue(new Uint8Array(64 * 1024).fill(3));
        else controller.error(new Error('connection reset by peer'));
      },
    });
    const response = await uploadAudio(sessionId, broken, { token: repToken });
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toContain('interrupted');
    await expectUntouched(appointmentId, sessionId);
  });

  it('409 for a second upload and after a stop; only the first file stays', async () => {
    const { appointmentId, sessionId } = await openSession();
    expect((await uploadAudio(sessionId, wavBytes(100), { token: repToken })).status).toBe(200);
    const [first] = await sessionsOf(appointmentId);
    const again = await uploadAudio(sessionId, wavBytes(200), { token: repToken });
    expect(again.status).toBe(409);
    expect(await errorOf(again)).toContain('cannot be uploaded twice');
    expect(filesOf(sessionId)).toEqual([first!.audio_key]);
    expect(await analysisJobs(sessionId)).toHaveLength(1);

    const stopped = await openSession();
    await withKey(rep).recordings.stop({ sessionId: stopped.sessionId });
    const late = await uploadAudio(stopped.sessionId, wavBytes(), { token: repToken });
    expect(late.status).toBe(409);
    expect(filesOf(stopped.sessionId)).toEqual([]);
  });

  it('two uploads racing for one session: one wins, the loser’s file is gone', async () => {
    const { appointmentId, sessionId } = await openSession();
    const responses = await Promise.all(
      [wavBytes(100), wavBytes(150), wavBytes(250)].map((audio) =>
        uploadAudio(sessionId, audio, { token: repToken }),
      ),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const [row] = await sessionsOf(appointmentId);
    expect(filesOf(sessionId)).toEqual([row!.audio_key]);
    expect(existsSync(path.join(dir, row!.audio_key!))).toBe(true);
    expect(await analysisJobs(sessionId)).toHaveLength(1);
    expect(await uploadAudits(sessionId)).toHaveLength(1);
  });
});
