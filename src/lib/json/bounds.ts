// Bounds on JSON that crosses a boundary. Depth: JSON.parse survives any nesting, but
// JSON.stringify, a zod walk or a hash over the value recurse and overflow the stack a few
// thousand levels down, well inside a 1 MiB body; so nesting is bounded before any of them runs.
// Text: every string (and member name) is made well-formed (toWellFormed, schemas/common.ts).
import { toWellFormed } from '../schemas/common';

/** Far deeper than any input or provider payload we accept (they nest ~10), far from overflow. */
export const MAX_JSON_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/**
 * Whether text nests arrays or objects deeper than `max`: one pass, no parse, brackets inside
 * JSON strings ignored. For text that is not JSON it counts unquoted brackets, which no other
 * wire format we accept nests (a form body percent-encodes them).
 */
export function isJsonTextTooDeep(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > max) return true;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) depth--;
  }
  return false;
}

/** Whether a value nests arrays or objects deeper than `max` (iterative; a cycle is too deep). */
export function isValueTooDeep(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > max) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node))
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return false;
}

export type JsonPath = (string | number)[];

/** Where the first string or member name holding U+0000 is (its path), or null. Iterative. */
export function findNul(value: unknown): JsonPath | null {
  const stack: [unknown, JsonPath][] = [[value, []]];
  while (stack.length > 0) {
    const [node, path] = stack.pop()!;
    if (typeof node === 'string') {
      if (node.includes('\u0000')) return path;
      continue;
    }
    if (typeof node !== 'object' || node === null) continue;
    const entries: [string | number, unknown][] = Array.isArray(node)
      ? node.map((item: unknown, i) => [i, item])
      : Object.entries(node);
    for (const [key, child] of entries) {
      if (typeof key === 'string' && key.includes('\u0000')) return path;
      stack.push([child, [...path, key]]);
    }
  }
  return null;
}

const isPlainObject = (value: object): value is Record<string, unknown> => {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/**
 * The value with every string and member name well-formed; the same value (not a copy) when
 * nothing had to change. Recursive: call it on values whose depth is already bounded.
 */
export function toWellFormedJson<T>(value: T): T {
  return wellFormed(value) as T;
}

function wellFormed(value: unknown): unknown {
  if (typeof value === 'string') return toWellFormed(value);
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const items = value as unknown[];
    let copy: unknown[] | null = null;
    items.forEach((item, i) => {
      const clean = wellFormed(item);
      if (clean !== item) (copy ??= [...items])[i] = clean;
    });
    return copy ?? value;
  }
  if (!isPlainObject(value)) return value;
  let changed = false;
  const entries = Object.entries(value).map(([key, item]) => {
    const cleanKey = toWellFormed(key);
    const clean = wellFormed(item);
    if (cleanKey !== key || clean !== item) changed = true;
    return [cleanKey, clean] as const;
  });
  // fromEntries defines own members, so a member named "__proto__" stays a member.
  return changed ? Object.fromEntries(entries) : value;
}
