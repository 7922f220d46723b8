// Campaign message templates: plain text with merge fields, {{first_name}} or
// {{first_name|there}} (text after | is the fallback when the contact has no value). Shared by
// the server (merging each recipient at launch) and the editor (live preview and cost).

export const MERGE_FIELDS = ['name', 'first_name'] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];
export type MergeValues = { name: string | null };

type Part = { text: string } | { field: MergeField; fallback: string };

export type ParsedTemplate = { ok: true; parts: Part[] } | { ok: false; error: string };

const FIELD = /\{\{\s*([a-z_]+)\s*(?:\|([^{}]*))?\}\}/g;

/** Splits a template into text and fields; names the first unknown field or stray brace. */
export function parseTemplate(template: string): ParsedTemplate {
  const parts: Part[] = [];
  let last = 0;
  for (const match of template.matchAll(FIELD)) {
    const field = match[1]!;
    if (!(MERGE_FIELDS as readonly string[]).includes(field)) {
      return {
        ok: false,
        error: `unknown merge field {{${field}}}; use one of ${MERGE_FIELDS.map((f) => `{{${f}}}`).join(', ')}`,
      };
    }
    if (match.index > last) parts.push({ text: template.slice(last, match.index) });
    parts.push({ field: field as MergeField, fallback: (match[2] ?? '').trim() });
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push({ text: template.slice(last) });
  const stray = parts.find((p) => 'text' in p && (p.text.includes('{{') || p.text.includes('}}')));
  if (stray)
    return {
      ok: false,
      error: 'a merge field is not closed: write {{first_name}} or {{first_name|fallback}}',
    };
  return { ok: true, parts };
}

function valueOf(field: MergeField, values: MergeValues): string {
  const name = values.name?.trim() ?? '';
  if (field === 'name') return name;
  return name.split(/\s+/)[0] ?? '';
}

/** The message one contact receives. */
export function mergeTemplate(
  parsed: Extract<ParsedTemplate, { ok: true }>,
  values: MergeValues,
): string {
  return parsed.parts
    .map((p) => ('text' in p ? p.text : valueOf(p.field, values) || p.fallback))
    .join('')
    .trim();
}
