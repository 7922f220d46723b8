// The outbound OpenAI-compatible client: one chat completion, or the model list (the /ready
// probe). Plain fetch (the wire is two JSON calls; wire.ts validates both ways), one attempt per
// call with its own deadline plus the caller's signal; every failure is classified once here:
// 429, 5xx, a timeout, no answer and an unreadable 2xx are `transient` (worth another attempt),
// any other 4xx is `permanent`. Retrying is the caller's choice: it knows its time budget.
import type { z } from 'zod';
import { measuredCall } from '../request-metrics';
import {
  chatCompletionSchema,
  modelListSchema,
  openAiErrorBodySchema,
  type ChatCompletion,
  type ChatCompletionRequest,
  type ModelList,
} from './wire';

export type OpenAiFailureKind = 'transient' | 'permanent';
export type OpenAiEndpoint = 'chat.completions' | 'models.list';

export class OpenAiApiError extends Error {
  override name = 'OpenAiApiError';
  constructor(
    readonly kind: OpenAiFailureKind,
    readonly endpoint: OpenAiEndpoint,
    /** null: no answer (network error, timeout). */
    readonly httpStatus: number | null,
    /** The API's error code, or ours (timeout, network, invalid_response, aborted). */
    readonly code: string,
    message: string,
    /** From Retry-After, when the API sent one. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(`openai ${endpoint}: ${message}`);
  }
}

export function classifyOpenAiStatus(httpStatus: number | null): OpenAiFailureKind {
  if (httpStatus === null || httpStatus === 429 || httpStatus >= 500) return 'transient';
  return 'permanent';
}

export type OpenAiClientOptions = {
  /** e.g. https://api.openai.com/v1 (the paths below are appended). */
  baseUrl: string;
  apiKey: string;
  /** Per call, connect to last byte. */
  timeoutMs: number;
};

export class OpenAiClient {
  private readonly baseUrl: string;

  constructor(private readonly options: OpenAiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  get timeoutMs(): number {
    return this.options.timeoutMs;
  }

  /** POST /chat/completions (non-streaming). */
  chatCompletion(
    body: ChatCompletionRequest,
    options: { signal?: AbortSignal; timeoutMs?: number } = {},
  ): Promise<ChatCompletion> {
    return this.call('chat.completions', '/chat/completions', options, chatCompletionSchema, {
      method: 'POST',
      body: JSON.stringify(body),
    });
  }

  /** GET /models: cheap, no tokens spent; what /ready asks. */
  listModels(options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<ModelList> {
    return this.call('models.list', '/models', options, modelListSchema, { method: 'GET' });
  }

  private call<T>(
    endpoint: OpenAiEndpoint,
    path: string,
    options: { signal?: AbortSignal; timeoutMs?: number },
    schema: z.ZodType<T>,
    init: { method: 'GET' | 'POST'; body?: string },
  ): Promise<T> {
    return measuredCall(
      'openai',
      endpoint,
      () => this.request(endpoint, path, options, schema, init),
      (error) =>
        error instanceof OpenAiApiError && error.kind === 'permanent' ? 'error' : 'transient',
    );
  }

  private async request<T>(
    endpoint: OpenAiEndpoint,
    path: string,
    options: { signal?: AbortSignal; timeoutMs?: number },
    schema: z.ZodType<T>,
    init: { method: 'GET' | 'POST'; body?: string },
  ): Promise<T> {
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs;
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
    let response: Response;
    let text: string;
    try {
      // One deadline for the whole exchange, the body included.
      response = await fetch(`${this.baseUrl}${path}`, {
        method: init.method,
        headers: {
          accept: 'application/json',
          authorization: `Bearer ${this.options.apiKey}`,
          ...(init.body ? { 'content-type': 'application/json' } : {}),
        },
        body: init.body,
        signal,
      });
      text = await response.text();
    } catch (error) {
      const callerAborted = options.signal?.aborted === true && !deadline.aborted;
      if (callerAborted)
        throw new OpenAiApiError('permanent', endpoint, null, 'aborted', 'the caller gave up');
      const timedOut =
        error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw new OpenAiApiError(
        'transient',
        endpoint,
        null,
        timedOut ? 'timeout' : 'network',
        timedOut
          ? `no answer within ${timeoutMs} ms`
          : `${cause ?? 'network error'}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (!response.ok) {
      const body = openAiErrorBodySchema.safeParse(safeJson(text));
      throw new OpenAiApiError(
        classifyOpenAiStatus(response.status),
        endpoint,
        response.status,
        (body.success ? body.data.error.code : null) ?? `http_${response.status}`,
        body.success
          ? `${response.status} ${body.data.error.message.slice(0, 200)}`
          : `answered ${response.status}`,
        retryAfterMs(response.headers.get('retry-after')),
      );
    }
    const parsed = schema.safeParse(safeJson(text));
    if (!parsed.success)
      // A 2xx we cannot read is the service misbehaving, not our request: worth another try.
      throw new OpenAiApiError(
        'transient',
        endpoint,
        response.status,
        'invalid_response',
        `unreadable answer: ${parsed.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
          .join('; ')}`,
      );
    return parsed.data;
  }
}

/** Retry-After in seconds (the form OpenAI sends); an HTTP date is not worth parsing here. */
function retryAfterMs(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds * 1000) : null;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
