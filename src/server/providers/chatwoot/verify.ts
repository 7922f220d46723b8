// X-Chatwoot-Signature: `sha256=<hex>` HMAC-SHA256 over `<X-Chatwoot-Timestamp>.<raw body>` with
// the tenant's webhook secret; the timestamp must be within 5 minutes either way. Chatwoot ships
// no verifier library, so the HMAC is checked here, in constant time.
import type { InboundDelivery, VerifyContext, VerifyOutcome } from '../types';
import { checkTimestamp, hmacSha256, matchingSecret } from '../hmac';

export const CHATWOOT_WINDOW_SECONDS = 300;

export function verifyChatwoot(
  delivery: InboundDelivery,
  { secrets, now }: VerifyContext,
): VerifyOutcome {
  const header = delivery.headers.get('x-chatwoot-signature');
  const timestamp = delivery.headers.get('x-chatwoot-timestamp');
  if (!header)
    return {
      ok: false,
      reason: 'missing_signature',
      detail: 'X-Chatwoot-Signature header is missing',
    };
  if (!timestamp)
    return {
      ok: false,
      reason: 'missing_signature',
      detail: 'X-Chatwoot-Timestamp header is missing',
    };
  const match = /^(?:sha256=)?([0-9a-f]{64})$/i.exec(header.trim());
  if (!match)
    return {
      ok: false,
      reason: 'invalid_signature',
      detail: 'X-Chatwoot-Signature must be sha256=<64 hex digits>',
    };
  const given = Buffer.from(match[1]!.toLowerCase(), 'hex');
  const index = matchingSecret(secrets, given, (secret) =>
    hmacSha256(secret, `${timestamp}.`, delivery.body),
  );
  if (index === -1)
    return {
      ok: false,
      reason: 'invalid_signature',
      detail: 'X-Chatwoot-Signature does not match timestamp and body',
    };
  // Checked after the signature so an unauthenticated caller learns nothing about the window.
  const window = checkTimestamp(timestamp.trim(), now, CHATWOOT_WINDOW_SECONDS);
  if (!window.ok)
    return {
      ok: false,
      reason: 'timestamp_out_of_window',
      detail: `X-Chatwoot-Timestamp: ${window.detail}`,
    };
  return { ok: true, secretIndex: index };
}
