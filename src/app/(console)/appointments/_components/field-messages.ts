// A refused form's messages by field, nested fields included ("contact.phone"): zod's flattened
// errors keep only the first path segment, but a bad input's message is the JSON of zod's issues
// with their whole paths, so that is read first. A domain error's details.fieldErrors and the
// flattened errors fill in what the issues do not name. Messages become sentences.
import { describeError } from '@/lib/trpc/errors';

type ErrorLike = Parameters<typeof describeError>[0];
type Issue = { path?: unknown; message?: unknown };

const asSentence = (text: string) => {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
};

function issuesOf(message: string | undefined): Issue[] {
  if (!message || !/^\s*\[/.test(message)) return [];
  try {
    const parsed: unknown = JSON.parse(message);
    return Array.isArray(parsed) ? (parsed as Issue[]) : [];
  } catch {
    return [];
  }
}

export function fieldMessagesOf(error: ErrorLike): Record<string, string> {
  if (!error) return {};
  const fields: Record<string, string> = {};
  for (const issue of issuesOf(error.message)) {
    if (!Array.isArray(issue.path) || typeof issue.message !== 'string') continue;
    const path = issue.path.map(String).join('.');
    if (path && !fields[path]) fields[path] = asSentence(issue.message);
  }
  for (const [name, message] of Object.entries(describeError(error).fields))
    if (!Object.keys(fields).some((p) => p === name || p.startsWith(`${name}.`)))
      fields[name] = message;
  return fields;
}

/** The sentence for what no field shows (a conflict, a missing lead), or null. */
export function formSentenceOf(
  error: ErrorLike,
  fields: Record<string, string>,
  shown: readonly string[],
  labels: Record<string, string> = {},
): string | null {
  if (!error) return null;
  const unshown = Object.keys(fields).filter((f) => !shown.includes(f));
  if (Object.keys(fields).length > 0 && unshown.length === 0) return null;
  if (unshown.length > 0) return unshown.map((f) => `${labels[f] ?? f}: ${fields[f]}`).join(' ');
  return describeError(error).sentence;
}

/** A domain error names a nested form's fields without their prefix ("phone"): put it back. */
export function nestFields(
  fields: Record<string, string>,
  prefix: string,
  names: readonly string[],
): Record<string, string> {
  const nested = { ...fields };
  for (const name of names) {
    const message = nested[name];
    if (message === undefined) continue;
    delete nested[name];
    nested[`${prefix}.${name}`] ??= message;
  }
  return nested;
}
