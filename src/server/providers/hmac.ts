// HMAC helpers for the providers whose SDK offers no verifier (Shopify, WhatsApp, Chatwoot).
// Comparison is constant-time over equal-length buffers; the length of a digest is public.
import { createHmac, timingSafeEqual } from 'node:crypto';

export function hmacSha256(secret: string, ...parts: (string | Buffer)[]): Buffer {
  const mac = createHmac('sha256', secret);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

export function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Index of the first secret whose HMAC equals `given`, or -1. Every secret is tried. */
export function matchingSecret(
  secrets: readonly string[],
  given: Buffer,
  digest: (secret: string) => Buffer,
): number {
  let found = -1;
  secrets.forEach((secret, index) => {
    if (safeEqual(digest(secret), given) && found === -1) found = index;
  });
  return found;
}

export function parseJson(
  text: string,
): { ok: true; value: unknown } | { ok: false; detail: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, detail: `body is not valid JSON (${(error as Error).message})` };
  }
}

/** Seconds-since-epoch header within ±windowSeconds of now. */
export function checkTimestamp(
  header: string,
  now: Date,
  windowSeconds: number,
): { ok: true } | { ok: false; detail: string } {
  if (!/^\d{1,12}$/.test(header))
    return { ok: false, detail: 'timestamp is not a number of seconds' };
  const skew = Math.floor(now.getTime() / 1000) - Number(header);
  if (skew > windowSeconds)
    return { ok: false, detail: `timestamp is ${skew} s old (window ${windowSeconds} s)` };
  if (skew < -windowSeconds)
    return {
      ok: false,
      detail: `timestamp is ${-skew} s in the future (window ${windowSeconds} s)`,
    };
  return { ok: true };
}
