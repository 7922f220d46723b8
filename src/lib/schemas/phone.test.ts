import { describe, expect, it } from 'vitest';
import { maskPhone, normalizePhone, phoneSchema } from './phone';

describe('normalizePhone', () => {
  it('normalises national numbers with the default country and international ones without', () => {
    expect(normalizePhone('0151 1234 5678', 'DE')).toEqual({ ok: true, e164: '+4915112345678' });
    expect(normalizePhone('+49 (151) 12345678')).toEqual({ ok: true, e164: '+4915112345678' });
    expect(normalizePhone('0049 151 12345678')).toEqual({ ok: true, e164: '+4915112345678' });
    expect(normalizePhone('(202) 555-0187', 'US')).toEqual({ ok: true, e164: '+12025550187' });
    // An explicit + wins over the default country.
    expect(normalizePhone('+12025550187', 'DE')).toEqual({ ok: true, e164: '+12025550187' });
  });

  it('explains what is wrong', () => {
    expect(normalizePhone('')).toEqual({ ok: false, error: 'phone number is required' });
    expect(normalizePhone('0151 1234 5678')).toMatchObject({
      ok: false,
      error: expect.stringContaining('no default country') as string,
    });
    expect(normalizePhone('12345', 'DE')).toMatchObject({
      ok: false,
      error: expect.stringContaining('8–15 digits') as string,
    });
    expect(normalizePhone('+491511234567890123')).toMatchObject({ ok: false });
    expect(normalizePhone('call me', 'DE')).toMatchObject({
      ok: false,
      error: expect.stringContaining('only digits') as string,
    });
    // Too short for a German mobile: only the full metadata knows (the minimal one passed it).
    expect(normalizePhone('+49151999999')).toEqual({
      ok: false,
      error: 'not a valid DE phone number',
    });
    expect(normalizePhone('+15555550123')).toMatchObject({
      ok: false,
      error: expect.stringContaining('not a valid') as string,
    });
  });

  it('works as a zod schema with field messages', () => {
    expect(phoneSchema('DE').parse('0151 12345678')).toBe('+4915112345678');
    const bad = phoneSchema().safeParse('0151');
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toContain('international prefix');
  });

  it('masks all but the country code and last two digits', () => {
    expect(maskPhone('+4915112345678')).toBe('+49*********78');
  });

  it('shows a little more in the console style (the recipients table)', () => {
    expect(maskPhone('+4915550000001', { style: 'display' })).toBe('+491••••••0001');
  });
});
