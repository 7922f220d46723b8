import { describe, expect, it } from 'vitest';
import { dateInputSchema, singleLine, toWellFormed } from './common';

describe('toWellFormed', () => {
  it('replaces lone high and low surrogates with U+FFFD and keeps surrogate pairs', () => {
    expect(toWellFormed('a\ud800b')).toBe('a\ufffdb');
    expect(toWellFormed('\udc00\ud800')).toBe('\ufffd\ufffd');
    expect(toWellFormed('end\ud83d')).toBe('end\ufffd');
    expect(toWellFormed('😀 ok')).toBe('😀 ok');
    // what a UTF-8 writer would have stored anyway
    expect(Buffer.from('a\ud800b').toString()).toBe(toWellFormed('a\ud800b'));
  });

  it('leaves the text schemas able to count a replaced character as text', () => {
    expect(singleLine(10).parse(toWellFormed('\ud800'))).toBe('\ufffd');
  });
});

describe('dateInputSchema', () => {
  it('takes years 1 to 9999 and refuses what Postgres cannot store', () => {
    expect(dateInputSchema.parse('2026-12-04T10:00:00Z')).toEqual(new Date('2026-12-04T10:00:00Z'));
    expect(dateInputSchema.parse('0001-01-01T00:00:00Z').getUTCFullYear()).toBe(1);
    for (const bad of ['0000-12-31T23:59:59Z', '+010000-01-01T00:00:00Z', -8.64e15, 'soon'])
      expect(dateInputSchema.safeParse(bad).success).toBe(false);
  });
});
