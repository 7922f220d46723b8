// One CSV data row → the contact fields it asserts, or the reasons it is rejected. Blank cells
// assert nothing (they never clear a stored value); the field rules are the console form's.
import type { CountryCode } from 'libphonenumber-js';
import { normalizePhone } from '@/lib/schemas/phone';
import { contactEmailSchema, contactNameSchema, MAX_TAGS, tagSchema } from '../fields';

export const IMPORT_COLUMNS = ['phone', 'name', 'email', 'tags', 'consent'] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];
export type ColumnIndex = Partial<Record<ImportColumn, number>>;

export type ImportRow = {
  phone: string;
  name: string | null;
  email: string | null;
  tags: string[];
  consent: 'GRANTED' | 'WITHDRAWN' | null;
};

const CONSENT_WORDS: Record<string, 'GRANTED' | 'WITHDRAWN'> = {
  yes: 'GRANTED',
  y: 'GRANTED',
  true: 'GRANTED',
  '1': 'GRANTED',
  granted: 'GRANTED',
  no: 'WITHDRAWN',
  n: 'WITHDRAWN',
  false: 'WITHDRAWN',
  '0': 'WITHDRAWN',
  withdrawn: 'WITHDRAWN',
};

/** Header cells → column positions. Unknown columns are ignored; a repeated known one is ambiguous. */
export function readHeader(
  cells: string[],
): { ok: true; columns: ColumnIndex } | { ok: false; error: string } {
  const columns: ColumnIndex = {};
  for (const [index, cell] of cells.entries()) {
    const name = cell
      .replace(/^\uFEFF/, '')
      .trim()
      .toLowerCase();
    if (!(IMPORT_COLUMNS as readonly string[]).includes(name)) continue;
    const column = name as ImportColumn;
    if (columns[column] !== undefined)
      return { ok: false, error: `the header names the column "${column}" twice` };
    columns[column] = index;
  }
  if (columns.phone === undefined) {
    return {
      ok: false,
      error: `the first row must be a header with a "phone" column (optional: name, email, tags, consent); found: ${cells.slice(0, 10).join(', ') || 'nothing'}`,
    };
  }
  return { ok: true, columns };
}

const cell = (cells: string[], index: number | undefined) =>
  index === undefined ? '' : (cells[index] ?? '').trim();

export function parseRow(
  cells: string[],
  columns: ColumnIndex,
  defaultCountry: CountryCode | null,
): { ok: true; row: ImportRow } | { ok: false; reason: string } {
  const problems: string[] = [];

  const phoneCell = cell(cells, columns.phone);
  const phone = normalizePhone(phoneCell, defaultCountry);
  if (!phone.ok)
    problems.push(`phone: ${phone.error}${phoneCell ? ` ("${phoneCell.slice(0, 40)}")` : ''}`);

  let name: string | null = null;
  const nameCell = cell(cells, columns.name);
  if (nameCell) {
    const parsed = contactNameSchema.safeParse(nameCell);
    if (parsed.success) name = parsed.data;
    else problems.push(`name: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }

  let email: string | null = null;
  const emailCell = cell(cells, columns.email);
  if (emailCell) {
    const parsed = contactEmailSchema.safeParse(emailCell);
    if (parsed.success) email = parsed.data;
    else problems.push(`email: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }

  const tags = new Set<string>();
  for (const raw of cell(cells, columns.tags).split(/[;|]/)) {
    if (raw.trim() === '') continue;
    const parsed = tagSchema.safeParse(raw);
    if (parsed.success) tags.add(parsed.data);
    else
      problems.push(
        `tags: ${parsed.error.issues[0]?.message ?? 'invalid'} ("${raw.trim().slice(0, 60)}")`,
      );
  }
  if (tags.size > MAX_TAGS) problems.push(`tags: at most ${MAX_TAGS} tags (got ${tags.size})`);

  let consent: ImportRow['consent'] = null;
  const consentCell = cell(cells, columns.consent).toLowerCase();
  if (consentCell) {
    consent = CONSENT_WORDS[consentCell] ?? null;
    if (!consent)
      problems.push(`consent: expected yes/no/granted/withdrawn ("${consentCell.slice(0, 20)}")`);
  }

  if (!phone.ok || problems.length > 0) return { ok: false, reason: problems.join('; ') };
  return { ok: true, row: { phone: phone.e164, name, email, tags: [...tags], consent } };
}

/** A later row for the same phone in one batch: explicit values win, blanks keep, tags union. */
export function mergeRows(earlier: ImportRow, later: ImportRow): ImportRow {
  return {
    phone: earlier.phone,
    name: later.name ?? earlier.name,
    email: later.email ?? earlier.email,
    tags: [...new Set([...earlier.tags, ...later.tags])].slice(0, MAX_TAGS),
    consent: later.consent ?? earlier.consent,
  };
}
