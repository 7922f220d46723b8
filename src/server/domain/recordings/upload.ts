// The audio of a recorded visit, uploaded by the rep's phone. Three steps, none holding a
// transaction while bytes arrive: check the session can take audio (short tenant transaction),
// stream the body into storage (hashed, counted, refused past the limit or on a hash mismatch —
// nothing kept), then in one transaction move the session to UPLOADED with the audio object,
// audit it and enqueue `analysis.submit`. If that last step fails (the session was stopped or
// reaped meanwhile, or a twin upload won), the stored object is deleted again: no half-written
// row, no orphan file.
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { withTenantTx, type Tx } from '../../db/tx';
import { enqueue } from '../../jobs/enqueue';
import { getEnv } from '../../env';
import type { Actor } from '../audit/actor';
import { recordAudit } from '../audit/record';
import { findSessionForActor } from './access';
import { RecordingStateError, RecordingTooLargeError, RecordingTypeRefusedError } from './errors';
import { getRecordingStorage, recordingKey } from './get-storage';
import { sessionSelect, toSessionView, type RecordingSessionView } from './views';
import { markVisitRecorded } from './visit-status';

/** Audio types phones record in, and the extension the object is stored under. */
export const AUDIO_TYPES: Readonly<Record<string, string>> = {
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/x-m4a': 'm4a',
  'audio/aac': 'aac',
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/wave': 'wav',
  'audio/webm': 'webm',
  'audio/ogg': 'ogg',
  'audio/flac': 'flac',
};

export type UploadRecordingInput = {
  actor: Actor;
  sessionId: string;
  /** The media type without parameters, lower-case. */
  contentType: string;
  body: Readable | ReadableStream<Uint8Array>;
  /** Content-Length when the client sent one: refused up front when over the limit. */
  declaredBytes?: number;
  expectedSha256?: string;
  durationMs?: number;
};

const RECEIVING = new Set(['PENDING', 'RECORDING']);

function assertReceiving(status: string): void {
  if (RECEIVING.has(status)) return;
  throw new RecordingStateError(
    status === 'ABANDONED'
      ? 'this recording was stopped or abandoned before its audio arrived; start a new one'
      : `this recording already has its audio (${status}); it cannot be uploaded twice`,
    { status },
  );
}

export async function uploadRecordingAudio(
  input: UploadRecordingInput,
): Promise<RecordingSessionView> {
  const { actor, sessionId } = input;
  const extension = AUDIO_TYPES[input.contentType];
  if (!extension)
    throw new RecordingTypeRefusedError(
      `send the audio with one of these Content-Types: ${Object.keys(AUDIO_TYPES).join(', ')}`,
    );
  const maxBytes = getEnv().RECORDING_MAX_BYTES;
  await withTenantTx(
    actor.tenantId,
    async (tx) => assertReceiving((await findSessionForActor(tx, actor, sessionId)).status),
    { userId: actor.userId ?? undefined },
  );
  if (input.declaredBytes !== undefined && input.declaredBytes > maxBytes)
    throw new RecordingTooLargeError(
      `the recording is larger than ${maxBytes} bytes; the limit is RECORDING_MAX_BYTES`,
    );

  const storage = getRecordingStorage();
  const key = recordingKey({
    tenantId: actor.tenantId,
    sessionId,
    uploadId: randomUUID(),
    extension,
  });
  const stored = await storage.put(key, input.body, {
    maxBytes,
    expectedSha256: input.expectedSha256,
  });
  try {
    return await withTenantTx(
      actor.tenantId,
      (tx) =>
        completeUpload(tx, {
          actor,
          sessionId,
          audio: { ...stored, contentType: input.contentType, durationMs: input.durationMs },
        }),
      { userId: actor.userId ?? undefined },
    );
  } catch (error) {
    await storage.delete(stored.key);
    throw error;
  }
}

async function completeUpload(
  tx: Tx,
  input: {
    actor: Actor;
    sessionId: string;
    audio: { key: string; size: number; sha256: string; contentType: string; durationMs?: number };
  },
): Promise<RecordingSessionView> {
  const { actor, sessionId, audio } = input;
  // Row lock: a stop, the reaper or a twin upload decided first, or waits for this one.
  const before = await findSessionForActor(tx, actor, sessionId, { forUpdate: true });
  assertReceiving(before.status);
  const now = new Date();
  const session = await tx.recordingSession.update({
    where: { id: sessionId },
    data: {
      status: 'UPLOADED',
      uploadedAt: now,
      audioKey: audio.key,
      audioSizeBytes: audio.size,
      audioContentType: audio.contentType,
      audioSha256: audio.sha256,
      audioDurationMs: audio.durationMs ?? null,
    },
    select: sessionSelect,
  });
  await markVisitRecorded(tx, before.appointmentId);
  await enqueue(
    tx,
    'analysis.submit',
    { tenantId: actor.tenantId, recordingSessionId: sessionId },
    { jobKey: `analysis.submit:${sessionId}` },
  );
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorId: actor.userId,
    action: 'recording.uploaded',
    subject: `recording_session:${sessionId}`,
    detail: {
      from: before.status,
      sizeBytes: audio.size,
      contentType: audio.contentType,
      sha256: audio.sha256,
      durationMs: audio.durationMs ?? null,
    },
  });
  return toSessionView(session);
}
