import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, hashRequest } from './request-hash';
import { ValidationError } from '../errors';

// The recursive version this replaced: the hashes of stored keys must not change.
function recursive(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value))
    return `[${value.map((v: unknown) => (v === undefined ? 'null' : recursive(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${recursive(v)}`).join(',')}}`;
}

describe('canonicalJson', () => {
  it('writes what the recursive version wrote, for any JSON-like input', () => {
    fc.assert(
      fc.property(
        fc
          .jsonValue()
          .chain((v) => fc.constantFrom(v, { wrap: v, missing: undefined }, [v, undefined])),
        (value) => {
          expect(canonicalJson(value)).toBe(recursive(value));
        },
      ),
      { numRuns: 300 },
    );
    expect(canonicalJson({ b: 1, a: [new Date(0), null] })).toBe(
      '{"a":["1970-01-01T00:00:00.000Z",null],"b":1}',
    );
  });

  it('hashes deep input without recursion, and refuses past its bound (a cycle) instead of looping', () => {
    let deep: unknown = [];
    for (let i = 1; i < 1_000; i++) deep = [deep];
    expect(hashRequest(deep)).toMatch(/^[0-9a-f]{64}$/);
    expect(() => hashRequest([deep])).toThrow(ValidationError);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => hashRequest(cycle)).toThrow(ValidationError);
  });
});
