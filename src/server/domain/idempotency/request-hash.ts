// The fingerprint an Idempotency-Key is bound to: SHA-256 of the input as canonical JSON (object
// keys sorted, undefined members dropped), so a client re-serializing the same input in another
// key order still matches. Written without recursion: input nesting is bounded before it gets here
// (trpc/middleware/input-bounds.ts), but the hash must not be what overflows the stack if a
// caller forgets; MAX_DEPTH also ends a cyclic value (createCaller input) instead of looping.
import { createHash } from 'node:crypto';
import { ValidationError } from '../errors';

const MAX_DEPTH = 1_000;

type Task = string | { value: unknown; depth: number };

const byKey = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0);

export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  const todo: Task[] = [{ value, depth: 0 }];
  while (todo.length > 0) {
    const task = todo.pop()!;
    if (typeof task === 'string') {
      out.push(task);
      continue;
    }
    const v = task.value;
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') out.push('null');
    else if (typeof v === 'bigint') out.push(JSON.stringify(v.toString()));
    else if (v === null || typeof v !== 'object') out.push(JSON.stringify(v));
    else if (v instanceof Date)
      out.push(Number.isNaN(v.getTime()) ? 'null' : JSON.stringify(v.toISOString()));
    else {
      if (task.depth >= MAX_DEPTH)
        throw new ValidationError(`input nests deeper than ${MAX_DEPTH} levels`);
      const depth = task.depth + 1;
      const parts: Task[] = [];
      if (Array.isArray(v)) {
        parts.push('[');
        v.forEach((item: unknown, i) =>
          parts.push(...(i > 0 ? [','] : []), { value: item, depth }),
        );
        parts.push(']');
      } else {
        parts.push('{');
        Object.entries(v as Record<string, unknown>)
          .filter(([, member]) => member !== undefined)
          .sort(byKey)
          .forEach(([key, member], i) =>
            parts.push(`${i > 0 ? ',' : ''}${JSON.stringify(key)}:`, { value: member, depth }),
          );
        parts.push('}');
      }
      // LIFO: pushed in reverse so they are written in order.
      for (let i = parts.length - 1; i >= 0; i--) todo.push(parts[i]!);
    }
  }
  return out.join('');
}

export function hashRequest(input: unknown): string {
  return createHash('sha256').update(canonicalJson(input)).digest('hex');
}
