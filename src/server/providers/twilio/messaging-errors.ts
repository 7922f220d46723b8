// Which Twilio send failures are worth retrying. Permanent: retrying the same request can never
// succeed (the recipient is FAILED, nothing charged). Transient: the same request may succeed
// later (retried with backoff). Twilio error codes: https://www.twilio.com/docs/api/errors
export type FailureKind = 'permanent' | 'transient';

export const TWILIO_ERROR_KINDS: Readonly<Record<number, FailureKind>> = {
  20003: 'permanent', // Authenticate: wrong account SID/auth token; resending changes nothing until config changes
  20404: 'permanent', // Resource not found (wrong account / messaging service)
  20429: 'transient', // Too Many Requests: the account's concurrency limit; back off and resend
  20500: 'transient', // Internal Server Error on Twilio's side
  20503: 'transient', // Service Unavailable: Twilio is temporarily overloaded or in maintenance
  21211: 'permanent', // Invalid 'To' phone number
  21212: 'permanent', // Invalid 'From' phone number
  21408: 'permanent', // Permission to send an SMS has not been enabled for the region indicated by the 'To' number
  21602: 'permanent', // Message body is required
  21603: 'permanent', // A 'From' phone number is required
  21604: 'permanent', // A 'To' phone number is required
  21606: 'permanent', // The 'From' phone number is not a valid, SMS-capable number for this account
  21610: 'permanent', // Attempt to send to unsubscribed recipient: the handset replied STOP
  21612: 'permanent', // The 'To' number cannot be reached with this 'From' (carrier/route not supported)
  21614: 'permanent', // 'To' number is not a valid mobile number (a landline cannot receive SMS)
  21617: 'permanent', // The concatenated message body exceeds the 1600 character limit
  21635: 'permanent', // 'To' number cannot be a landline
  30007: 'permanent', // Message filtered by the carrier as spam
};

/**
 * Code first (Twilio's own verdict), then the HTTP status: 429 and 5xx are the service being
 * busy or broken and are retried; any other 4xx means the request itself is wrong.
 */
export function classifyTwilioError(code: number | null, httpStatus: number | null): FailureKind {
  const byCode = code === null ? undefined : TWILIO_ERROR_KINDS[code];
  if (byCode) return byCode;
  if (httpStatus === null) return 'transient'; // no answer at all: network error or timeout
  if (httpStatus === 429 || httpStatus >= 500) return 'transient';
  if (httpStatus >= 400) return 'permanent';
  return 'transient';
}
