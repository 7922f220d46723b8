// Expiring signed links to speech (for TwiML <Play>: Twilio fetches the audio with no credentials
// of ours). The link carries what to say: `v1.<payload>.<mac>`, the payload being the claim as
// deflated JSON (base64url) and the MAC an HMAC-SHA256 over "v1." + payload under a key derived
// from the server secret (NEXTAUTH_SECRET, as the console's sessions). Nothing is stored: a link
// is good until it expires, and changing one character of it makes it worthless.
import { createHmac } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { z } from 'zod';
import { getAuthSecret } from '../../env';
import { hmacSha256, safeEqual } from '../../providers/hmac';
import { appOrigin } from '../connections/app-origin';
import { answerLanguages } from '../answering/types';
import { ValidationError } from '../errors';
import { speechText } from './input';
import { SPEECH_MAX_CHARACTERS, type SpeechLanguage } from './types';

export const SPEECH_URL_PATH = '/api/v1/tts/audio/';
export const SPEECH_URL_MAX_TTL_SECONDS = 24 * 60 * 60;
/** Longer than any link we mint (4 000 characters of Cyrillic deflate to well under this). */
const MAX_TOKEN_LENGTH = 16_384;
const MAX_CLAIM_BYTES = 64 * 1024;

let cachedKey: { secret: string; key: Buffer } | undefined;
function signingKey(): string {
  const secret = getAuthSecret();
  if (cachedKey?.secret !== secret)
    cachedKey = {
      secret,
      key: createHmac('sha256', secret).update('switchboard speech-url v1').digest(),
    };
  return cachedKey.key.toString('hex');
}

const claimSchema = z.object({
  t: z.uuid(),
  l: z.enum(answerLanguages),
  x: z.string().min(1).max(SPEECH_MAX_CHARACTERS),
  /** Expiry, seconds since the epoch. */
  e: z.number().int(),
});
export type SpeechClaim = {
  tenantId: string;
  language: SpeechLanguage;
  text: string;
  expiresAt: Date;
};

const speechUrlInput = z.object({
  tenantId: z.uuid(),
  text: speechText(SPEECH_MAX_CHARACTERS),
  language: z.enum(answerLanguages),
  ttlSeconds: z.number().int().min(1).max(SPEECH_URL_MAX_TTL_SECONDS),
});

const mac = (payload: string) => hmacSha256(signingKey(), `v1.${payload}`);

/** The token alone (what follows SPEECH_URL_PATH). */
export function mintSpeechToken(
  input: z.input<typeof speechUrlInput>,
  now: Date = new Date(),
): string {
  const parsed = speechUrlInput.safeParse(input);
  if (!parsed.success)
    throw new ValidationError('cannot make a speech link', {
      fieldErrors: z.flattenError(parsed.error).fieldErrors,
    });
  const { tenantId, text, language, ttlSeconds } = parsed.data;
  const claim = {
    t: tenantId,
    l: language,
    x: text,
    e: Math.floor(now.getTime() / 1000) + ttlSeconds,
  };
  const payload = deflateRawSync(Buffer.from(JSON.stringify(claim))).toString('base64url');
  return `v1.${payload}.${mac(payload).toString('base64url')}`;
}

/** An absolute URL Twilio can fetch: GET answers audio/wav until `ttlSeconds` have passed. */
export function speechUrl(input: z.input<typeof speechUrlInput>, now: Date = new Date()): string {
  return `${appOrigin()}${SPEECH_URL_PATH}${mintSpeechToken(input, now)}`;
}

export type SpeechTokenCheck =
  { ok: true; claim: SpeechClaim } | { ok: false; status: 403 | 410; reason: string };

const forged = { ok: false, status: 403, reason: 'this speech link is not valid' } as const;

export function verifySpeechToken(token: string, now: Date = new Date()): SpeechTokenCheck {
  if (token.length > MAX_TOKEN_LENGTH) return forged;
  const match = /^v1\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return forged;
  const [, payload, signature] = match as unknown as [string, string, string];
  if (!safeEqual(mac(payload), Buffer.from(signature, 'base64url'))) return forged;
  let claim: z.infer<typeof claimSchema>;
  try {
    const json = inflateRawSync(Buffer.from(payload, 'base64url'), {
      maxOutputLength: MAX_CLAIM_BYTES,
    }).toString('utf8');
    const parsed = claimSchema.safeParse(JSON.parse(json));
    if (!parsed.success) return forged;
    claim = parsed.data;
  } catch {
    return forged;
  }
  if (claim.e * 1000 <= now.getTime())
    return { ok: false, status: 410, reason: 'this speech link has expired' };
  return {
    ok: true,
    claim: {
      tenantId: claim.t,
      language: claim.l,
      text: claim.x,
      expiresAt: new Date(claim.e * 1000),
    },
  };
}
