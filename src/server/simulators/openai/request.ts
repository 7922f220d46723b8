// What every endpoint of the OpenAI simulator shares: OpenAI's error shape, the gate (off when a
// real key is configured, then the Bearer check) and reading a JSON body against the wire schema.
import { timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';
import { getEnv } from '../../env';

export const openAiError = (
  status: number,
  message: string,
  type: string,
  code: string | null,
  headers?: HeadersInit,
) => Response.json({ error: { message, type, param: null, code } }, { status, headers });

function authorized(header: string | null): boolean {
  const expected = Buffer.from(`Bearer ${getEnv().SIM_OPENAI_API_KEY}`);
  const given = Buffer.from(header ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Off (404) when the app is configured with another key: a real provider is in use. Then auth. */
export function gate(request: Request): Response | null {
  const env = getEnv();
  if (env.OPENAI_API_KEY && env.OPENAI_API_KEY !== env.SIM_OPENAI_API_KEY)
    return openAiError(
      404,
      'the OpenAI simulator is off: a real API key is configured',
      'invalid_request_error',
      'not_found',
    );
  if (!authorized(request.headers.get('authorization')))
    return openAiError(
      401,
      'Incorrect API key provided. You can find your API key in SIM_OPENAI_API_KEY.',
      'invalid_request_error',
      'invalid_api_key',
    );
  return null;
}

/** The parsed body, or the 400 OpenAI answers for unreadable JSON or the first invalid field. */
export async function readBody<S extends z.ZodType>(
  request: Request,
  schema: S,
): Promise<{ json: unknown; body: z.output<S> } | Response> {
  let json: unknown;
  try {
    json = JSON.parse(await request.text()) as unknown;
  } catch {
    return openAiError(
      400,
      'We could not parse the JSON body of your request.',
      'invalid_request_error',
      null,
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return openAiError(
      400,
      `Invalid '${issue.path.join('.') || 'body'}': ${issue.message}`,
      'invalid_request_error',
      'invalid_value',
    );
  }
  return { json, body: parsed.data };
}

export const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
