// Standard Webhooks (https://www.standardwebhooks.com): webhook-id, webhook-timestamp and
// webhook-signature (`v1,<base64>`, several space-separated during a key rotation), verified by
// the `standardwebhooks` library (constant-time compare, 5-minute window both ways).
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import type { InboundDelivery, VerifyContext, VerifyOutcome } from '../types';
import { checkTimestamp } from '../hmac';

export const ANALYSIS_WINDOW_SECONDS = 300;

export function verifyAnalysis(
  delivery: InboundDelivery,
  { secrets, now }: VerifyContext,
): VerifyOutcome {
  const id = delivery.headers.get('webhook-id');
  const timestamp = delivery.headers.get('webhook-timestamp');
  const signature = delivery.headers.get('webhook-signature');
  if (!id || !timestamp || !signature) {
    return {
      ok: false,
      reason: 'missing_signature',
      detail: 'webhook-id, webhook-timestamp and webhook-signature headers are required',
    };
  }
  // The library reads the clock itself; the same window is checked against the pipeline's clock
  // so both agree (and tests can reason about one clock).
  const window = checkTimestamp(timestamp.trim(), now, ANALYSIS_WINDOW_SECONDS);
  if (!window.ok)
    return {
      ok: false,
      reason: 'timestamp_out_of_window',
      detail: `webhook-timestamp: ${window.detail}`,
    };
  const headers = {
    'webhook-id': id,
    'webhook-timestamp': timestamp,
    'webhook-signature': signature,
  };
  for (const [index, secret] of secrets.entries()) {
    try {
      new Webhook(secret).verify(delivery.body, headers, { jsonParse: false });
      return { ok: true, secretIndex: index };
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      if (/timestamp too (old|new)/i.test(error.message)) {
        return {
          ok: false,
          reason: 'timestamp_out_of_window',
          detail: `webhook-timestamp: ${error.message}`,
        };
      }
    }
  }
  return {
    ok: false,
    reason: 'invalid_signature',
    detail: 'no webhook-signature matches a current secret',
  };
}
