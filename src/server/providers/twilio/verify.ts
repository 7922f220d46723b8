// X-Twilio-Signature, checked by the twilio SDK (constant-time compare inside). Twilio signs the
// URL it called, so behind a proxy the URL is rebuilt from X-Forwarded-Proto/-Host. Trusting
// those headers is safe here: they only choose which URL the HMAC is computed over, and a forger
// still needs the auth token to produce a matching signature.
import twilio from 'twilio';
import type { InboundDelivery, VerifyContext, VerifyOutcome } from '../types';
import { formParams, isFormEncoded } from './schemas';

export function publicUrl(receivedUrl: string, headers: Headers): string {
  const url = new URL(receivedUrl);
  const proto = headers.get('x-forwarded-proto')?.split(',')[0]?.trim();
  const host = headers.get('x-forwarded-host')?.split(',')[0]?.trim();
  if (proto && /^https?$/i.test(proto)) url.protocol = `${proto.toLowerCase()}:`;
  if (host && /^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(host)) {
    url.host = host;
    if (!host.includes(':')) url.port = '';
  }
  return url.toString();
}

export function verifyTwilio(delivery: InboundDelivery, { secrets }: VerifyContext): VerifyOutcome {
  const signature = delivery.headers.get('x-twilio-signature');
  if (!signature)
    return {
      ok: false,
      reason: 'missing_signature',
      detail: 'X-Twilio-Signature header is missing',
    };
  const url = publicUrl(delivery.url, delivery.headers);
  const hasBodyHash = new URL(url).searchParams.has('bodySHA256');
  const form = isFormEncoded(delivery.headers);
  if (!form && !hasBodyHash && delivery.body.length > 0) {
    return {
      ok: false,
      reason: 'invalid_signature',
      detail: 'a non-form Twilio body must be signed with ?bodySHA256= in the URL',
    };
  }
  const params = form ? formParams(delivery.text) : {};
  for (const [index, authToken] of secrets.entries()) {
    const valid =
      form || !hasBodyHash
        ? twilio.validateRequest(authToken, signature, url, params)
        : twilio.validateRequestWithBody(authToken, signature, url, delivery.text);
    if (valid) return { ok: true, secretIndex: index };
  }
  return {
    ok: false,
    reason: 'invalid_signature',
    detail: 'X-Twilio-Signature does not match the URL and parameters',
  };
}
