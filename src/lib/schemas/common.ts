// Boundary schemas safe on both sides: control characters stripped, lengths capped.
import { z } from 'zod';

// C0/C1 controls except tab/newline, plus bidi overrides that can disguise text.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

export const stripControl = (value: string) => value.replace(CONTROL, '');

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
