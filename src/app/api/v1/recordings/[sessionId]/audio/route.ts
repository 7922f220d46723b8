// POST /api/v1/recordings/<sessionId>/audio — the audio of a recorded visit, from the rep's phone.
//   Body: the raw audio file (not multipart: it streams straight to storage, never held whole).
//   Content-Type: an audio type of AUDIO_TYPES (audio/mpeg, audio/mp4, audio/wav, audio/webm,
//   audio/ogg, …). Optional headers: Content-SHA256 (or X-Content-SHA256), the file's SHA-256 in
//   hex or base64, checked against the bytes received; X-Recording-Duration-Ms, the duration if known.
//   Auth, rate limit as a tRPC call (trpc/route-guard.ts): a bearer API token (or a console
//   session); a REP only for their own session, office roles for any of the tenant's.
//   Answers 200 with the session (UPLOADED; analysis.submit is queued in the same transaction);
//   400 bad header / empty or interrupted body, 401, 404 unknown or another rep's session,
//   409 the session cannot take audio (already uploaded, stopped, abandoned), 413 over
//   RECORDING_MAX_BYTES, 415 not an accepted audio type, 422 the bytes do not match
//   Content-SHA256, 429 over the API rate limit. On any refusal nothing is kept.
import { actorOf } from '@/server/domain/audit/actor';
import {
  RecordingHashMismatchError,
  RecordingStateError,
  RecordingTooLargeError,
  RecordingTypeRefusedError,
  uploadRecordingAudio,
} from '@/server/domain/recordings';
import { NotFoundError } from '@/server/domain/errors';
import { guardRoute } from '@/server/trpc/route-guard';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ sessionId: string }> };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SHA256_HEX = /^[0-9a-f]{64}$/i;
const SHA256_BASE64 = /^[A-Za-z0-9+/]{43}=$/;

/** The SHA-256 a client sent, in hex (64 digits) or base64 (44 characters), as lower-case hex. */
function sha256Of(header: string): string | null {
  const value = header.trim();
  if (SHA256_HEX.test(value)) return value.toLowerCase();
  if (SHA256_BASE64.test(value)) return Buffer.from(value, 'base64').toString('hex');
  return null;
}
const MAX_DURATION_MS = 24 * 3_600_000;

const json = (status: number, body: unknown) => Response.json(body, { status });

/** The status each refusal answers with; other domain errors take guardRoute's mapping. */
function statusOf(error: unknown): number | null {
  if (error instanceof NotFoundError) return 404;
  if (error instanceof RecordingTypeRefusedError) return 415;
  if (error instanceof RecordingTooLargeError) return 413;
  if (error instanceof RecordingHashMismatchError) return 422;
  if (error instanceof RecordingStateError) return 409;
  return null;
}

export async function POST(req: Request, { params }: Context): Promise<Response> {
  const { sessionId } = await params;
  if (!UUID.test(sessionId)) return json(404, { error: 'recording session not found' });
  return guardRoute(
    req,
    { tier: 'authed', action: 'uploading a recording' },
    async ({ principal }) => {
      const contentType = (req.headers.get('content-type') ?? '')
        .split(';')[0]!
        .trim()
        .toLowerCase();
      const hashHeader = req.headers.get('content-sha256') ?? req.headers.get('x-content-sha256');
      const expectedSha256 = hashHeader === null ? undefined : sha256Of(hashHeader);
      if (expectedSha256 === null)
        return json(400, {
          error:
            'Content-SHA256 must be the SHA-256 of the file, in hex (64 characters) or base64 (44)',
        });
      const durationHeader = req.headers.get('x-recording-duration-ms');
      const durationMs = durationHeader === null ? undefined : Number(durationHeader);
      if (
        durationMs !== undefined &&
        (!/^\d{1,9}$/.test(durationHeader!.trim()) || durationMs > MAX_DURATION_MS)
      )
        return json(400, {
          error: 'X-Recording-Duration-Ms must be a whole number of milliseconds, at most 24 hours',
        });
      const lengthHeader = req.headers.get('content-length');
      const declaredBytes =
        lengthHeader !== null && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : undefined;
      if (!req.body)
        return json(400, { error: 'the request has no body: send the audio file as the body' });
      try {
        const session = await uploadRecordingAudio({
          actor: actorOf(principal),
          sessionId,
          contentType,
          body: req.body,
          declaredBytes,
          expectedSha256,
          durationMs,
        });
        return json(200, session);
      } catch (error) {
        const status = statusOf(error);
        if (status === null) throw error;
        return json(status, {
          error: (error as Error).message,
          ...(error instanceof RecordingStateError ? error.details : {}),
        });
      }
    },
  );
}
