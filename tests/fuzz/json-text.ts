// JSON.stringify without recursion: the fuzz suite sends values nested far deeper than
// JSON.stringify's own recursion survives, so it writes their text with an explicit stack.
// Same output as JSON.stringify for what it accepts (undefined members dropped, undefined array
// items and non-finite numbers as null, lone surrogates escaped).

type Frame =
  | { kind: 'array'; items: unknown[]; index: number }
  | { kind: 'object'; entries: [string, unknown][]; index: number; wrote: boolean };

const scalarText = (value: unknown): string | undefined => {
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : 'null';
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'bigint') return value.toString();
  return undefined;
};

/** `undefined` for a value JSON has no text for (undefined itself, a function, a symbol). */
export function jsonText(root: unknown): string | undefined {
  const out: string[] = [];
  const stack: Frame[] = [];
  // Writes a value, or opens its container; false when it has no JSON text.
  const open = (value: unknown, inArray: boolean): boolean => {
    const scalar = scalarText(value);
    if (scalar !== undefined) {
      out.push(scalar);
      return true;
    }
    if (value instanceof Date) {
      out.push(JSON.stringify(value.toISOString()));
      return true;
    }
    if (Array.isArray(value)) {
      out.push('[');
      stack.push({ kind: 'array', items: value, index: 0 });
      return true;
    }
    if (typeof value === 'object' && value !== null) {
      out.push('{');
      stack.push({ kind: 'object', entries: Object.entries(value), index: 0, wrote: false });
      return true;
    }
    if (inArray) out.push('null');
    return inArray;
  };
  if (!open(root, false)) return undefined;
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.kind === 'array') {
      if (frame.index >= frame.items.length) {
        out.push(']');
        stack.pop();
        continue;
      }
      if (frame.index > 0) out.push(',');
      open(frame.items[frame.index++], true);
      continue;
    }
    if (frame.index >= frame.entries.length) {
      out.push('}');
      stack.pop();
      continue;
    }
    const [key, value] = frame.entries[frame.index++]!;
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    if (frame.wrote) out.push(',');
    frame.wrote = true;
    out.push(`${JSON.stringify(key)}:`);
    open(value, false);
  }
  return out.join('');
}
