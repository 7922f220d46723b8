// X-Shopify-Hmac-Sha256: base64 HMAC-SHA256 of the raw body with the app's client secret.
// Shopify's SDK is a whole app framework, so the HMAC is checked here, in constant time.
import type { InboundDelivery, VerifyContext, VerifyOutcome } from '../types';
import { hmacSha256, matchingSecret } from '../hmac';

export function verifyShopify(
  delivery: InboundDelivery,
  { secrets }: VerifyContext,
): VerifyOutcome {
  const header = delivery.headers.get('x-shopify-hmac-sha256');
  if (!header)
    return {
      ok: false,
      reason: 'missing_signature',
      detail: 'X-Shopify-Hmac-Sha256 header is missing',
    };
  if (!/^[A-Za-z0-9+/]{43}=$/.test(header.trim()))
    return {
      ok: false,
      reason: 'invalid_signature',
      detail: 'X-Shopify-Hmac-Sha256 is not a base64 SHA-256 digest',
    };
  const given = Buffer.from(header.trim(), 'base64');
  const index = matchingSecret(secrets, given, (secret) => hmacSha256(secret, delivery.body));
  if (index === -1)
    return {
      ok: false,
      reason: 'invalid_signature',
      detail: 'X-Shopify-Hmac-Sha256 does not match the body',
    };
  return { ok: true, secretIndex: index };
}
