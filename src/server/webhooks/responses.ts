// The pipeline's HTTP answers: small JSON bodies saying what happened, never a stack or a secret.
import type { AckResponse, RejectReason } from '../providers/types';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      ...headers,
    },
  });

export const STATUS_BY_REASON: Record<RejectReason, number> = {
  missing_signature: 401,
  invalid_signature: 401,
  timestamp_out_of_window: 401,
  malformed_payload: 400,
  handshake_mismatch: 403,
  unknown_connection: 404,
  too_large: 413,
  rate_limited: 429,
  method_not_allowed: 405,
};

/** The one answer for a URL that names no connection (or no provider): nothing to tell apart. */
export const NO_SUCH_CONNECTION = 'no such webhook connection';

export function rejection(
  reason: RejectReason,
  detail: string,
  headers: Record<string, string> = {},
): Response {
  return json(STATUS_BY_REASON[reason], { error: reason, detail }, headers);
}

/**
 * An unexpected failure (the database unreachable, a bug): 500 so the provider retries later, with
 * the request id to find the log line by, and nothing about the cause.
 */
export function internalError(requestId: string): Response {
  return json(500, {
    error: 'internal_error',
    detail: 'the delivery was not stored; retry later',
    requestId,
  });
}

/**
 * A 2xx is all a provider reads. The outcome travels in a header with no body: on this hot path a
 * response body costs a web-stream pipe through Next per delivery, for bytes nobody reads.
 * Providers that need a body (Twilio voice TwiML) pass `ack`.
 */
export function acknowledgement(ack: AckResponse | undefined, duplicate: boolean): Response {
  if (ack)
    return new Response(ack.body, {
      status: ack.status,
      headers: { 'content-type': ack.contentType, 'cache-control': 'no-store' },
    });
  return new Response(null, {
    status: 200,
    headers: {
      'cache-control': 'no-store',
      'x-webhook-outcome': duplicate ? 'duplicate' : 'stored',
    },
  });
}
