import { describe, expect, it } from 'vitest';
import { mergeTemplate, parseTemplate } from './template';

const merge = (t: string, name: string | null) => {
  const parsed = parseTemplate(t);
  if (!parsed.ok) throw new Error(parsed.error);
  return mergeTemplate(parsed, { name });
};

describe('campaign templates', () => {
  it('merges names, first names and fallbacks', () => {
    expect(merge('Hi {{first_name}}!', 'Ada Lovelace')).toBe('Hi Ada!');
    expect(merge('Hi {{ name }}!', 'Ada Lovelace')).toBe('Hi Ada Lovelace!');
    expect(merge('Hi {{first_name|there}}!', null)).toBe('Hi there!');
    expect(merge('Hi {{first_name|there}}!', '   ')).toBe('Hi there!');
    expect(merge('No fields at all', 'Ada')).toBe('No fields at all');
  });

  it('refuses unknown fields and unclosed braces, naming the problem', () => {
    expect(parseTemplate('Hi {{email}}')).toEqual({
      ok: false,
      error: expect.stringContaining('unknown merge field {{email}}') as unknown,
    });
    expect(parseTemplate('Hi {{first_name')).toEqual({
      ok: false,
      error: expect.stringContaining('not closed') as unknown,
    });
    expect(parseTemplate('Hi }} there')).toEqual({
      ok: false,
      error: expect.stringContaining('not closed') as unknown,
    });
  });
});
