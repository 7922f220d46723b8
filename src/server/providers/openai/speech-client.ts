// The outbound client of OpenAI's speech API: POST {base}/audio/speech, JSON in, audio bytes out.
// One attempt per call with its own deadline plus the caller's signal; failures classified once
// here as in client.ts (429, 5xx, timeouts, no answer and a 2xx that is not audio are transient;
// other 4xx permanent). Retrying and falling back are the speech engine's choice.
import { z } from 'zod';
import { measuredCall } from '../request-metrics';
import { classifyOpenAiStatus, type OpenAiFailureKind } from './client';
import { openAiErrorBodySchema } from './wire';

/** The request body, as OpenAI documents it (the formats this service asks for). */
export const speechApiRequestSchema = z.object({
  model: z.string().min(1).max(200),
  input: z.string().min(1).max(4096),
  voice: z.string().min(1).max(100),
  response_format: z.enum(['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm']).default('mp3'),
  speed: z.number().min(0.25).max(4).default(1),
  instructions: z.string().max(4096).optional(),
});
export type SpeechApiRequest = z.input<typeof speechApiRequestSchema>;

export class OpenAiSpeechError extends Error {
  override name = 'OpenAiSpeechError';
  constructor(
    readonly kind: OpenAiFailureKind,
    /** null: no answer (network error, timeout). */
    readonly httpStatus: number | null,
    readonly code: string,
    message: string,
  ) {
    super(`openai audio.speech: ${message}`);
  }
}

export type SpeechClientOptions = { baseUrl: string; apiKey: string; timeoutMs: number };
export type SpeechApiAudio = { bytes: Uint8Array; contentType: string };

export function createSpeech(
  options: SpeechClientOptions,
  body: SpeechApiRequest,
  signal?: AbortSignal,
): Promise<SpeechApiAudio> {
  return measuredCall(
    'openai',
    'audio.speech',
    () => request(options, body, signal),
    (error) =>
      error instanceof OpenAiSpeechError && error.kind === 'permanent' ? 'error' : 'transient',
  );
}

async function request(
  options: SpeechClientOptions,
  body: SpeechApiRequest,
  callerSignal?: AbortSignal,
): Promise<SpeechApiAudio> {
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const signal = callerSignal ? AbortSignal.any([callerSignal, deadline]) : deadline;
  let response: Response;
  let bytes: Uint8Array;
  try {
    response = await fetch(`${options.baseUrl.replace(/\/+$/, '')}/audio/speech`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${options.apiKey}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
      signal,
    });
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    if (callerSignal?.aborted && !deadline.aborted)
      throw new OpenAiSpeechError('permanent', null, 'aborted', 'the caller gave up');
    const timedOut =
      error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    throw new OpenAiSpeechError(
      'transient',
      null,
      timedOut ? 'timeout' : 'network',
      timedOut
        ? `no answer within ${options.timeoutMs} ms`
        : `network error: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!response.ok) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      parsed = undefined;
    }
    const error = openAiErrorBodySchema.safeParse(parsed);
    throw new OpenAiSpeechError(
      classifyOpenAiStatus(response.status),
      response.status,
      (error.success ? error.data.error.code : null) ?? `http_${response.status}`,
      error.success
        ? `${response.status} ${error.data.error.message.slice(0, 200)}`
        : `answered ${response.status}`,
    );
  }
  const contentType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
  if (!contentType.startsWith('audio/') || bytes.byteLength === 0)
    throw new OpenAiSpeechError(
      'transient',
      response.status,
      'invalid_response',
      `answered ${contentType || 'no content type'} (${bytes.byteLength} bytes), not audio`,
    );
  return { bytes, contentType };
}
