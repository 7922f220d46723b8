// Masking phone numbers for logs and the console, apart from phone.ts so the browser (Sentry's
// scrubbing, src/lib/redact.ts) gets it without libphonenumber's metadata.

/**
 * Two masks, one rule (keep a few leading and trailing digits):
 *   - 'log' (logs, Sentry, dead letters): "+49*********78". Only 8–15 digits count as a phone
 *     number; anything else (ids, counters) is returned as it is. Accepts loosely formatted text.
 *   - 'display' (the console's recipient list): "+491••••••0001", a little more to tell rows apart.
 */
const MASKS = {
  log: { head: 2, tail: 2, char: '*' },
  display: { head: 3, tail: 4, char: '•' },
} as const;

export type PhoneMaskStyle = keyof typeof MASKS;

export function maskPhone(value: string, options: { style?: PhoneMaskStyle } = {}): string {
  const style = options.style ?? 'log';
  const { head, tail, char } = MASKS[style];
  const digits = value.replace(/\D/g, '');
  if (style === 'display' && value.length <= 7)
    // Too short to show both ends (not a valid E.164 number): only the start stays.
    return value.slice(0, 3) + char.repeat(Math.max(0, value.length - 3));
  if (style === 'log' && (digits.length < 8 || digits.length > 15)) return value;
  const plus = value.trim().startsWith('+') ? '+' : '';
  return `${plus}${digits.slice(0, head)}${char.repeat(Math.max(0, digits.length - head - tail))}${digits.slice(-tail)}`;
}
