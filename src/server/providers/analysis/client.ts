// The outbound call-analysis client: create a job for a recording (→ its id) and read a job back
// (→ status and result). Plain fetch with a bounded time per call; every failure is classified
// once here, so callers only ask `transient` (retry with backoff) or `permanent` (retrying the
// same request cannot help). The same client talks to the real service and to the local
// simulator; which base URL and key is chosen in src/server/simulators/clients.ts.
import { createHash } from 'node:crypto';
import { measuredCall } from '../request-metrics';
import {
  analysisErrorBodySchema,
  analysisJobResourceSchema,
  type AnalysisJobResource,
} from './api-schemas';

export type AnalysisFailureKind = 'transient' | 'permanent';
export type AnalysisEndpoint = 'jobs.create' | 'jobs.get';

export class AnalysisApiError extends Error {
  override name = 'AnalysisApiError';
  constructor(
    readonly kind: AnalysisFailureKind,
    readonly endpoint: AnalysisEndpoint,
    /** null: no answer (network error, timeout). */
    readonly httpStatus: number | null,
    /** The service's error code, or ours (timeout, network, invalid_response). */
    readonly code: string,
    message: string,
  ) {
    super(`analysis ${endpoint}: ${message}`);
  }
}

/** 429 and 5xx: the service is busy or broken; no answer at all: so is the way there. Other 4xx: our request is wrong. */
export function classifyAnalysisStatus(httpStatus: number | null): AnalysisFailureKind {
  if (httpStatus === null || httpStatus === 429 || httpStatus >= 500) return 'transient';
  return 'permanent';
}

export type CreateAnalysisJobInput = {
  /** Our id for the recording: the service echoes it back. */
  recordingId: string;
  audio: Uint8Array;
  contentType: string;
  /** Where the service posts its signed callbacks (the tenant's analysis webhook connection). */
  callbackUrl: string;
  /** Sent as Idempotency-Key: a retried create answers the job the first one made. */
  idempotencyKey: string;
  /** Free label the service keeps and echoes (we send the tenant id). */
  tag?: string;
};

export type AnalysisClientOptions = {
  /** Base URL; the API lives under <base>/v1. */
  baseUrl: string;
  apiKey: string;
  /** Per call, connect to last byte. */
  timeoutMs?: number;
};

const DEFAULT_TIMEOUT_MS = 10_000;

export class AnalysisClient {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: AnalysisClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** POST /v1/jobs: the audio is the body, the rest in the query (as Deepgram's pre-recorded API). */
  async createJob(input: CreateAnalysisJobInput): Promise<AnalysisJobResource> {
    const query = new URLSearchParams({
      recording_id: input.recordingId,
      callback_url: input.callbackUrl,
    });
    if (input.tag) query.set('tag', input.tag);
    return this.call('jobs.create', `/v1/jobs?${query.toString()}`, {
      method: 'POST',
      headers: {
        'content-type': input.contentType,
        'idempotency-key': input.idempotencyKey,
        // The service may check what it received against what we sent.
        'x-audio-sha256': createHash('sha256').update(input.audio).digest('hex'),
      },
      body: input.audio,
    });
  }

  /** GET /v1/jobs/{id}: the truth about a job (a callback is only a hint). 404 is permanent. */
  async getJob(jobId: string): Promise<AnalysisJobResource> {
    return this.call('jobs.get', `/v1/jobs/${encodeURIComponent(jobId)}`, { method: 'GET' });
  }

  private call(
    endpoint: AnalysisEndpoint,
    path: string,
    init: { method: 'GET' | 'POST'; headers?: Record<string, string>; body?: Uint8Array },
  ): Promise<AnalysisJobResource> {
    return measuredCall(
      'analysis',
      endpoint,
      () => this.request(endpoint, path, init),
      (error) =>
        error instanceof AnalysisApiError && error.kind === 'permanent' ? 'error' : 'transient',
    );
  }

  private async request(
    endpoint: AnalysisEndpoint,
    path: string,
    init: { method: 'GET' | 'POST'; headers?: Record<string, string>; body?: Uint8Array },
  ): Promise<AnalysisJobResource> {
    let response: Response;
    let text: string;
    try {
      // One deadline for the whole exchange, the body included.
      const signal = AbortSignal.timeout(this.timeoutMs);
      response = await fetch(`${this.baseUrl}${path}`, {
        method: init.method,
        headers: {
          accept: 'application/json',
          authorization: `Bearer ${this.options.apiKey}`,
          ...init.headers,
        },
        // A copy on its own ArrayBuffer: what fetch's BodyInit types accept.
        body: init.body ? new Uint8Array(init.body) : undefined,
        signal,
      });
      text = await response.text();
    } catch (error) {
      const timedOut =
        error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw new AnalysisApiError(
        'transient',
        endpoint,
        null,
        timedOut ? 'timeout' : 'network',
        timedOut
          ? `no answer within ${this.timeoutMs} ms`
          : `${cause ?? 'network error'}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (!response.ok) {
      const body = analysisErrorBodySchema.safeParse(safeJson(text));
      throw new AnalysisApiError(
        classifyAnalysisStatus(response.status),
        endpoint,
        response.status,
        body.success ? body.data.error.code : `http_${response.status}`,
        body.success ? body.data.error.message : `answered ${response.status}`,
      );
    }
    const parsed = analysisJobResourceSchema.safeParse(safeJson(text));
    if (!parsed.success)
      // A 2xx we cannot read is the service misbehaving, not our request: worth another try.
      throw new AnalysisApiError(
        'transient',
        endpoint,
        response.status,
        'invalid_response',
        `unreadable answer: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    return parsed.data;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
