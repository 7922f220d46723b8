// The analysis simulator's HTTP door (src/app/api/simulators/analysis/v1/jobs/…): the same REST
// API as the service (README in src/server/providers/analysis), Bearer-authenticated, so the
// outbound client is exercised over real HTTP. Answers are the service's JSON, never ours.
import { createHash, timingSafeEqual } from 'node:crypto';
import { getEnv } from '../../env';
import {
  AUDIO_CONTENT_TYPES,
  MAX_AUDIO_BYTES,
  createJobQuerySchema,
} from '../../providers/analysis/api-schemas';
import { behaviourFor } from './behaviour';
import { createSimulatedJob, jobResource, loadSimulatedJob } from './jobs';

const error = (status: number, code: string, message: string, headers?: HeadersInit) =>
  Response.json({ error: { code, message } }, { status, headers });

function authorized(header: string | null): boolean {
  const expected = Buffer.from(`Bearer ${getEnv().SIM_ANALYSIS_API_KEY}`);
  const given = Buffer.from(header ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** What every request goes through first: off when the real service is configured, auth, injected 503s. */
async function gate(request: Request, recordingId: string | null, tag: string | null) {
  // With the real service configured nothing should be analysed here: no open endpoint.
  if (getEnv().ANALYSIS_API_URL)
    return error(404, 'not_found', 'the analysis simulator is off: a real service is configured');
  if (!authorized(request.headers.get('authorization')))
    return error(401, 'unauthorized', 'a valid Bearer API key is required');
  if (recordingId !== null) {
    const { apiErrorRate } = await behaviourFor(recordingId, tag);
    if (apiErrorRate > 0 && Math.random() < apiErrorRate)
      return error(503, 'unavailable', 'the service is busy, try again later (simulated)', {
        'retry-after': '1',
      });
  }
  return null;
}

/** POST /v1/jobs?recording_id=…&callback_url=…[&tag=…], the audio as the body. */
export async function handleCreateJob(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const query = createJobQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  const early = await gate(
    request,
    query.success ? query.data.recording_id : null,
    query.success ? (query.data.tag ?? null) : null,
  );
  if (early) return early;
  if (!query.success)
    return error(400, 'invalid_request', query.error.issues.map((i) => i.message).join('; '));
  const key = request.headers.get('idempotency-key') ?? '';
  if (!/^[A-Za-z0-9_.:-]{1,255}$/.test(key))
    return error(400, 'invalid_request', 'Idempotency-Key: 1-255 url-safe characters required');
  const contentType = (request.headers.get('content-type') ?? '').split(';')[0]!.trim();
  if (!(AUDIO_CONTENT_TYPES as readonly string[]).includes(contentType))
    return error(
      415,
      'unsupported_media_type',
      `audio must be one of ${AUDIO_CONTENT_TYPES.join(', ')}`,
    );
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > MAX_AUDIO_BYTES) return error(413, 'too_large', 'audio over 200 MiB');
  const audio = Buffer.from(await request.arrayBuffer());
  if (audio.length === 0) return error(400, 'invalid_request', 'the audio is empty');
  if (audio.length > MAX_AUDIO_BYTES) return error(413, 'too_large', 'audio over 200 MiB');
  const sha256 = createHash('sha256').update(audio).digest('hex');
  const claimed = request.headers.get('x-audio-sha256');
  if (claimed && claimed !== sha256)
    return error(422, 'checksum_mismatch', 'the audio received does not match X-Audio-SHA256');
  const { recording_id: recordingId, callback_url: callbackUrl, tag = null } = query.data;
  const { row, created } = await createSimulatedJob({
    idempotencyKey: key,
    recordingId,
    tag,
    callbackUrl,
    audioSha256: sha256,
    audioSize: audio.length,
    contentType,
    behaviour: await behaviourFor(recordingId, tag),
  });
  if (!created && (row.recordingId !== recordingId || row.audioSha256 !== sha256))
    return error(422, 'idempotency_mismatch', 'this Idempotency-Key was used for another request');
  return Response.json(jobResource(row), { status: created ? 201 : 200 });
}

/** GET /v1/jobs/{id}. */
export async function handleGetJob(request: Request, id: string): Promise<Response> {
  const row = /^aj_[0-9a-f]{24}$/.test(id) ? await loadSimulatedJob(id) : null;
  const early = await gate(request, row?.recordingId ?? null, row?.tag ?? null);
  if (early) return early;
  if (!row) return error(404, 'not_found', `no analysis job ${id.slice(0, 100)}`);
  return Response.json(jobResource(row));
}
