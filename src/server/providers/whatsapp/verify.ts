// X-Hub-Signature-256: `sha256=<hex>` HMAC-SHA256 of the raw body with the Meta app secret.
// Meta ships no Node verifier; the HMAC is checked here, in constant time.
import { createHash } from 'node:crypto';
import type { InboundDelivery, VerifyContext, VerifyOutcome } from '../types';
import { hmacSha256, matchingSecret, safeEqual } from '../hmac';

export function verifyWhatsapp(
  delivery: InboundDelivery,
  { secrets }: VerifyContext,
): VerifyOutcome {
  const header = delivery.headers.get('x-hub-signature-256');
  if (!header)
    return {
      ok: false,
      reason: 'missing_signature',
      detail: 'X-Hub-Signature-256 header is missing',
    };
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!match)
    return {
      ok: false,
      reason: 'invalid_signature',
      detail: 'X-Hub-Signature-256 must be sha256=<64 hex digits>',
    };
  const given = Buffer.from(match[1]!.toLowerCase(), 'hex');
  const index = matchingSecret(secrets, given, (secret) => hmacSha256(secret, delivery.body));
  if (index === -1)
    return {
      ok: false,
      reason: 'invalid_signature',
      detail: 'X-Hub-Signature-256 does not match the body',
    };
  return { ok: true, secretIndex: index };
}

export const hashVerifyToken = (token: string) => createHash('sha256').update(token).digest('hex');

export type HandshakeOutcome = { ok: true; challenge: string } | { ok: false; detail: string };

/**
 * The subscription handshake: Meta GETs `hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`
 * and expects the challenge echoed when the token is the one configured. Only the token's hash
 * is stored, so hashes are compared (constant time).
 */
export function verifyHandshake(url: URL, verifyTokenHash: string | null): HandshakeOutcome {
  const mode = url.searchParams.get('hub.mode');
  const token = url.searchParams.get('hub.verify_token');
  const challenge = url.searchParams.get('hub.challenge');
  if (mode !== 'subscribe') return { ok: false, detail: 'hub.mode must be subscribe' };
  if (!token || !challenge)
    return { ok: false, detail: 'hub.verify_token and hub.challenge are required' };
  if (challenge.length > 256) return { ok: false, detail: 'hub.challenge is too long' };
  if (
    !verifyTokenHash ||
    !safeEqual(Buffer.from(hashVerifyToken(token), 'hex'), Buffer.from(verifyTokenHash, 'hex'))
  ) {
    return { ok: false, detail: 'hub.verify_token does not match' };
  }
  return { ok: true, challenge };
}
