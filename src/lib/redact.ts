// PII scrubbing shared by logs, Sentry events (server and browser) and dead-letter views. Keys are matched by name;
// free text is scanned for emails, phone numbers and bearer tokens.
import { maskPhone } from '@/lib/schemas/phone-mask';

const SECRET_KEYS =
  /^(authorization|cookie|set-cookie|password|passwordhash|password_hash|token|secret|apikey|api_key|accesstoken|refreshtoken|x-twilio-signature|stripe-signature)$/i;
const PII_KEYS = /^(email|phone|to|from|phonenumber|phone_number|msisdn|name|body|address|ip)$/i;

const EMAIL = /[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/gi;
// E.164 or loosely formatted international numbers: 8-15 digits with optional separators.
// Not inside ids or times: no word character or hyphen around it, no `4:`/`4.` just before, no
// `.5`/`:5` just after (a sentence-ending full stop still counts as the end of a number).
const PHONE = /(?<![\w-]|\d[.:])\+?\d[\d\s().-]{6,18}\d(?![\w-]|[.:]\d)/g;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}\b/;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const TOKEN = /\bsbt_[A-Za-z0-9_-]{8,}/g;

/** The domain says whose customer or employer it is, so it is masked too (only the TLD stays). */
export function maskEmail(value: string): string {
  const at = value.lastIndexOf('@');
  const local = at >= 0 ? value.slice(0, at) : value;
  const domain = at >= 0 ? value.slice(at + 1) : '';
  const tld = domain.includes('.') ? domain.slice(domain.lastIndexOf('.')) : '';
  return `${local.slice(0, 1)}***@***${tld}`;
}

export function redactText(text: string): string {
  return text
    .replace(BEARER, (_m, scheme: string) => `${scheme} [redacted]`)
    .replace(TOKEN, 'sbt_[redacted]')
    .replace(EMAIL, (m) => maskEmail(m))
    .replace(PHONE, (m) =>
      m.replace(/\D/g, '').length >= 8 && !ISO_DATE.test(m) ? maskPhone(m) : m,
    );
}

/** Deep copy with secrets removed and PII masked. Cycles and depth are bounded. */
export function redactValue(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8 || seen.has(value)) return '[truncated]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1, seen));
  if (value instanceof Error) {
    return {
      type: value.name,
      message: redactText(value.message),
      stack: value.stack ? redactText(value.stack) : undefined,
    };
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (SECRET_KEYS.test(key)) out[key] = '[redacted]';
    else if (PII_KEYS.test(key) && typeof v === 'string') out[key] = maskPii(key, v);
    else out[key] = redactValue(v, depth + 1, seen);
  }
  return out;
}

function maskPii(key: string, value: string): string {
  if (/email/i.test(key) || value.includes('@')) return maskEmail(value);
  if (/^(phone|to|from|phonenumber|phone_number|msisdn)$/i.test(key)) return maskPhone(value);
  if (/^(name|address|ip)$/i.test(key)) return value ? `${value.slice(0, 1)}***` : value;
  return redactText(value);
}
