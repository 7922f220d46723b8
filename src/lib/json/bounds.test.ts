import { describe, expect, it } from 'vitest';
import {
  findNul,
  isJsonTextTooDeep,
  isValueTooDeep,
  MAX_JSON_DEPTH,
  toWellFormedJson,
} from './bounds';

const nestedText = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
function nested(depth: number): unknown {
  let value: unknown = [];
  for (let i = 1; i < depth; i++) value = [value];
  return value;
}

describe('JSON depth', () => {
  it('counts nesting in text, ignoring brackets inside strings and escaped quotes', () => {
    expect(isJsonTextTooDeep(nestedText(MAX_JSON_DEPTH))).toBe(false);
    expect(isJsonTextTooDeep(nestedText(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(isJsonTextTooDeep(`{"a":"${'['.repeat(500)}"}`)).toBe(false);
    expect(isJsonTextTooDeep(`{"a":"\\"${'{'.repeat(500)}"}`)).toBe(false);
    expect(isJsonTextTooDeep(`{"a":"\\\\"${',['.repeat(500)}`)).toBe(true);
    expect(isJsonTextTooDeep('['.repeat(200_000))).toBe(true);
    expect(isJsonTextTooDeep('Body=%5B%5B%5B&From=%2B4915112345678')).toBe(false);
  });

  it('counts nesting in values without recursion; a cycle is too deep', () => {
    expect(isValueTooDeep(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(isValueTooDeep(nested(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(isValueTooDeep(nested(200_000))).toBe(true);
    expect(isValueTooDeep('text')).toBe(false);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(isValueTooDeep(cycle)).toBe(true);
  });
});

describe('well-formed text in JSON values', () => {
  it('replaces lone surrogates in strings and member names, keeps pairs', () => {
    const value = { ['k\ud800']: ['\udfff', 'ok 😀', { deep: 'a\ud83db' }], n: 1 };
    expect(toWellFormedJson(value)).toEqual({
      ['k\ufffd']: ['\ufffd', 'ok 😀', { deep: 'a\ufffdb' }],
      n: 1,
    });
  });

  it('returns the same value when nothing had to change, and keeps "__proto__" a member', () => {
    const clean = { a: ['b', 1, null, { c: true }] };
    expect(toWellFormedJson(clean)).toBe(clean);
    const parsed = JSON.parse('{"__proto__":{"x":"\\ud800"}}') as object;
    const out = toWellFormedJson(parsed) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ x: '\ufffd' });
  });

  it('finds the path of a NUL in a string or a member name', () => {
    expect(findNul({ a: [{ b: 'x' }, { c: 'y\u0000' }] })).toEqual(['a', 1, 'c']);
    expect(findNul({ a: { ['k\u0000']: 1 } })).toEqual(['a']);
    expect(findNul('\u0000')).toEqual([]);
    expect(findNul({ a: 'fine' })).toBeNull();
  });
});
