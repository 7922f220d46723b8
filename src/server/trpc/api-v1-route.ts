// The internal API's gates and answers (POST /api/v1/text, /api/v1/tts), in the order a tenant
// procedure checks them: a bearer API token (401), the tenant's API rate limit (429), then the
// JSON body. The handler's domain errors become their statuses here: fields that do not hold 422
// with one message per field, the assistant's own rate limit 429 with Retry-After, an engine
// that cannot answer now 503. Nothing has been written when any of these is answered.
import { AnswererUnavailableError } from '../domain/answering/errors';
import { InvalidInputError } from '../domain/assistant/input-error';
import type { Principal } from '../domain/auth/principal';
import { TooManyAttemptsError } from '../domain/errors';
import { guardRoute } from './route-guard';
import { speechErrorResponse } from './speech-response';

/** Far above the largest valid body (4 000 characters of text, escaped). */
const MAX_BODY_BYTES = 64 * 1024;

const json = (status: number, body: unknown, headers?: HeadersInit) =>
  Response.json(body, { status, headers });

type Body = { ok: true; value: unknown } | { ok: false; response: Response };

async function readJson(req: Request): Promise<Body> {
  const mediaType = (req.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType !== 'application/json')
    return {
      ok: false,
      response: json(415, { error: 'send a JSON body with Content-Type: application/json' }),
    };
  const tooLarge = {
    ok: false as const,
    response: json(413, { error: `the body is larger than ${MAX_BODY_BYTES / 1024} KiB` }),
  };
  if (Number(req.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) return tooLarge;
  const bytes = new Uint8Array(await req.arrayBuffer());
  if (bytes.byteLength > MAX_BODY_BYTES) return tooLarge;
  try {
    return { ok: true, value: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) };
  } catch {
    return { ok: false, response: json(400, { error: 'the body is not valid UTF-8 JSON' }) };
  }
}

export function apiV1Route(
  req: Request,
  action: string,
  handle: (principal: Principal, body: unknown) => Promise<Response>,
): Promise<Response> {
  return guardRoute(req, { tier: 'authed', action }, async ({ principal }) => {
    if (principal.kind !== 'token')
      return json(401, { error: 'send a bearer API token: Authorization: Bearer sbt_…' });
    const body = await readJson(req);
    if (!body.ok) return body.response;
    try {
      return await handle(principal, body.value);
    } catch (error) {
      if (error instanceof InvalidInputError)
        return json(422, { error: error.message, fieldErrors: error.fieldErrors, ...error.extra });
      if (error instanceof TooManyAttemptsError)
        return json(
          429,
          { error: error.message },
          { 'retry-after': String(error.retryAfterSeconds) },
        );
      if (error instanceof AnswererUnavailableError)
        return json(503, { error: `the assistant cannot answer right now: ${error.message}` });
      return speechErrorResponse(error);
    }
  });
}
