// The real Twilio Messaging client (the twilio SDK), also used against the local simulator: with
// apiBaseUrl set, a RequestClient subclass rewrites https://api.twilio.com to the simulator's
// base URL, so the SDK's own wire format (form-encoded POST, Basic auth, JSON answers and
// RestException errors) is exercised end to end.
import twilio from 'twilio';
import type SdkRequestClient from 'twilio/lib/base/RequestClient';
import {
  callbackWithKey,
  parseSmsSendInput,
  type ProviderMessage,
  type SendResult,
  type SmsAcceptedStatus,
  type SmsSender,
  type SmsSendInput,
} from './messaging';
import { classifyTwilioError } from './messaging-errors';
import { countedSmsResult, measuredCall, twilioErrorOutcome } from '../request-metrics';

const TWILIO_API = 'https://api.twilio.com';
/** Per request: an SMS create normally answers in well under a second. */
const REQUEST_TIMEOUT_MS = 10_000;
const ACCEPTED: ReadonlySet<string> = new Set<SmsAcceptedStatus>([
  'queued',
  'accepted',
  'sending',
  'sent',
]);
// Socket-level failures where the request may already have reached Twilio (and created a message).
const AMBIGUOUS_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
]);

/** Sends what the SDK would send to api.twilio.com to another base URL instead. */
export class RebasedRequestClient extends twilio.RequestClient {
  constructor(
    private readonly baseUrl: string,
    options: SdkRequestClient.RequestClientOptions,
  ) {
    super(options);
  }

  override request<TData>(opts: SdkRequestClient.RequestOptions<TData>) {
    const uri = opts.uri.startsWith(TWILIO_API)
      ? `${this.baseUrl}${opts.uri.slice(TWILIO_API.length)}`
      : opts.uri;
    return super.request<TData>({ ...opts, uri });
  }
}

export type TwilioSenderOptions = {
  mode: 'twilio' | 'simulator-http';
  accountSid: string;
  authToken: string;
  messagingServiceSid?: string;
  from?: string;
  /** Replaces https://api.twilio.com (the simulator). */
  apiBaseUrl?: string;
  timeoutMs?: number;
};

export class TwilioSmsSender implements SmsSender {
  readonly mode: 'twilio' | 'simulator-http';
  private readonly client: twilio.Twilio;

  constructor(private readonly options: TwilioSenderOptions) {
    this.mode = options.mode;
    const requestOptions = {
      timeout: options.timeoutMs ?? REQUEST_TIMEOUT_MS,
      keepAlive: true,
      // The SDK's own 429 retries would hide rate limiting from the caller's backoff: off.
      autoRetry: false,
    };
    const httpClient = options.apiBaseUrl
      ? new RebasedRequestClient(options.apiBaseUrl.replace(/\/+$/, ''), requestOptions)
      : new twilio.RequestClient(requestOptions);
    this.client = twilio(options.accountSid, options.authToken, {
      httpClient,
      timeout: requestOptions.timeout,
    });
  }

  async send(raw: SmsSendInput): Promise<SendResult> {
    const parsed = parseSmsSendInput(raw);
    if (!parsed.ok) return parsed.result;
    const { input } = parsed;
    const messagingServiceSid =
      input.messagingServiceSid ?? (input.from ? undefined : this.options.messagingServiceSid);
    const from = messagingServiceSid ? undefined : (input.from ?? this.options.from);
    const started = performance.now();
    try {
      const message = await this.client.messages.create({
        to: input.to,
        body: input.body,
        ...(messagingServiceSid ? { messagingServiceSid } : { from: from! }),
        statusCallback: callbackWithKey(input.statusCallback, input.idempotencyKey),
      });
      const status = ACCEPTED.has(message.status)
        ? (message.status as SmsAcceptedStatus)
        : 'queued';
      return countedSmsResult(
        {
          ok: true,
          sid: message.sid,
          status,
          numSegments: Number(message.numSegments) || 1,
        },
        started,
      );
    } catch (error) {
      return countedSmsResult(failureOf(error), started);
    }
  }

  async recentMessagesTo(to: string, limit: number): Promise<ProviderMessage[]> {
    const messages = await measuredCall(
      'twilio',
      'messages.list',
      () => this.client.messages.list({ to, limit, pageSize: Math.min(limit, 1000) }),
      twilioErrorOutcome,
    );
    return messages.map((m) => ({
      sid: m.sid,
      status: m.status,
      body: m.body ?? null,
      dateCreated: new Date(m.dateCreated),
    }));
  }
}

export function failureOf(error: unknown): Extract<SendResult, { ok: false }> {
  if (error instanceof twilio.RestException) {
    const code = typeof error.code === 'number' ? error.code : null;
    return {
      ok: false,
      kind: classifyTwilioError(code, error.status),
      code,
      message: error.message,
      httpStatus: error.status,
      ambiguous: false,
    };
  }
  // No HTTP answer: axios network errors and timeouts. Always worth retrying, but a timeout or a
  // reset after the request went out may hide a message Twilio did create.
  const errCode =
    typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const message = error instanceof Error ? error.message : String(error);
  const ambiguous = AMBIGUOUS_NETWORK_CODES.has(errCode) || /timeout/i.test(message);
  return {
    ok: false,
    kind: classifyTwilioError(null, null),
    code: null,
    message: `${errCode || 'network error'}: ${message}`,
    httpStatus: null,
    ambiguous,
  };
}
