import { describe, expect, it } from 'vitest';
import { firstFreeSlug, slugBase } from './slug';

const SLUG_FORMAT = /^[a-z0-9][a-z0-9-]{1,62}$/;

describe('slugBase', () => {
  it('keeps letters and digits, folds accents, joins the rest with single dashes', () => {
    expect(slugBase('Acme')).toBe('acme');
    expect(slugBase('  Müller & Söhne GmbH  ')).toBe('muller-sohne-gmbh');
    expect(slugBase('ACME 24/7 -- Support!')).toBe('acme-24-7-support');
  });

  it('falls back when nothing usable is left, and always fits the database format', () => {
    for (const name of ['!!!', '株式会社', 'x', '-', 'a'.repeat(300), `${'b'.repeat(49)}-c`]) {
      const slug = slugBase(name);
      expect(slug).toMatch(SLUG_FORMAT);
      expect(`${slug}-9999`).toMatch(SLUG_FORMAT);
    }
    expect(slugBase('株式会社')).toBe('company');
  });
});

describe('firstFreeSlug', () => {
  it('takes the base, else the smallest free suffix', () => {
    expect(firstFreeSlug('acme', [])).toBe('acme');
    expect(firstFreeSlug('acme', ['acme', 'acme-2', 'acme-4', 'acme-co'])).toBe('acme-3');
  });
});
