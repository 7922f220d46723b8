// Boundary schemas safe on both sides: control characters stripped, lengths capped.
import { z } from 'zod';

// C0/C1 controls except tab/newline, plus bidi overrides that can disguise text.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

export const stripControl = (value: string) => value.replace(CONTROL, '');

// A lone UTF-16 surrogate (half a pair) is a valid JS string but not Unicode text: UTF-8 cannot
// encode it (Node writes U+FFFD in its place) and jsonb refuses its JSON escape. Replaced rather
// than refused: it is what any UTF-8 writer stores anyway, and a provider resends a signed body
// unchanged, so refusing one would lose the event for good. Applied once per boundary to every
// string of a tRPC input (trpc/middleware/input-bounds.ts) and of a webhook payload as it is
// stored (webhooks/store.ts), so the schemas here need not repeat it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export const toWellFormed = (value: string) => value.replace(LONE_SURROGATE, '\uFFFD');

/** One-line human text: no controls, no newlines, trimmed, 1..max characters. */
export const singleLine = (max: number) =>
  z
    .string()
    .transform((v) =>
      stripControl(v)
        .replace(/[\r\n\t]+/g, ' ')
        .trim(),
    )
    .pipe(z.string().min(1, 'required').max(max, `at most ${max} characters`));

export const labelSchema = singleLine(100);
export const personNameSchema = singleLine(120);
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email('not a valid email address').max(254));

// Postgres timestamptz has no year 0 and JS dates reach 271 821 BC: a date from a client is held
// to the years both can store with a four-digit ISO year.
const EARLIEST = new Date('0001-01-01T00:00:00.000Z');
const LATEST = new Date('9999-12-31T23:59:59.999Z');

/** A point in time from a client (ISO text or epoch milliseconds), years 1 to 9999. */
export const dateInputSchema = z.coerce
  .date('not a date')
  .min(EARLIEST, 'must be in year 1 or later')
  .max(LATEST, 'must be in year 9999 or earlier');
