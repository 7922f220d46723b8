// Phone numbers at every boundary: parsed by libphonenumber-js and stored as E.164 only.
// Validated against the full ("max") metadata: the default minimal metadata knows only a
// country's overall lengths, so +49151999999 (too short for a German mobile) passed. Max adds
// ~20 kB gzipped (156 kB of JSON), nothing on a server. The browser never validates a phone (the
// forms show the server's field errors) and gets only maskPhone, from phone-mask.ts, which
// loads no metadata at all.
import {
  isSupportedCountry,
  parsePhoneNumberFromString,
  type CountryCode,
} from 'libphonenumber-js/max';
import { z } from 'zod';
import { stripControl } from './common';

/** E.164: "+", no leading zero, 8–15 digits. The same rule is a CHECK on contacts.phone. */
export const E164_PATTERN = /^\+[1-9][0-9]{7,14}$/;
const MAX_INPUT = 40;

export type PhoneResult = { ok: true; e164: string } | { ok: false; error: string };

/** ISO 3166-1 alpha-2 country whose numbering plan applies to numbers written without "+". */
export const countryCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine((c): c is CountryCode => isCountryCode(c), {
    message: 'not a supported two-letter country code (e.g. DE, US)',
  });

export function isCountryCode(value: string): value is CountryCode {
  return /^[A-Z]{2}$/.test(value) && isSupportedCountry(value);
}

/**
 * Normalises what a person typed ("0151 1234 5678", "+49 (151) 12345678", "00491511234…") to
 * E.164. A number without "+" or "00" needs a default country. Validity uses libphonenumber's
 * numbering-plan metadata, so typos in the area code are caught, not just wrong lengths.
 */
export function normalizePhone(input: string, defaultCountry?: CountryCode | null): PhoneResult {
  const raw = stripControl(input).trim();
  if (raw === '') return { ok: false, error: 'phone number is required' };
  if (raw.length > MAX_INPUT)
    return { ok: false, error: `phone number is too long (at most ${MAX_INPUT} characters)` };
  if (/[^0-9+()\-.\s/]/.test(raw))
    return { ok: false, error: 'phone number may contain only digits, spaces and + ( ) - . /' };
  // "00" is the international prefix in most of the world; treat it as "+" when no country applies.
  const international = raw.startsWith('+') || raw.startsWith('00');
  const text = raw.startsWith('00') ? `+${raw.slice(2)}` : raw;
  if (!international && !defaultCountry)
    return {
      ok: false,
      error:
        'phone number needs an international prefix (+country code) — no default country is set',
    };
  const parsed = parsePhoneNumberFromString(
    text,
    international ? undefined : (defaultCountry ?? undefined),
  );
  if (!parsed) return { ok: false, error: 'not a phone number' };
  const e164 = parsed.number;
  const digits = e164.length - 1;
  if (digits < 8 || digits > 15)
    return {
      ok: false,
      error: `phone number must have 8–15 digits including the country code (got ${digits})`,
    };
  if (!parsed.isValid())
    return {
      ok: false,
      error: `not a valid ${parsed.country ?? `+${parsed.countryCallingCode}`} phone number`,
    };
  if (!E164_PATTERN.test(e164)) return { ok: false, error: 'not a valid E.164 phone number' };
  return { ok: true, e164 };
}

/** A zod schema that outputs E.164 (issues carry the message above, for field errors). */
export const phoneSchema = (defaultCountry?: CountryCode | null) =>
  z.string().transform((value, ctx) => {
    const result = normalizePhone(value, defaultCountry);
    if (result.ok) return result.e164;
    ctx.addIssue({ code: 'custom', message: result.error });
    return z.NEVER;
  });

/** An already-normalised E.164 number (ids in URLs, provider payloads after normalisation). */
export const e164Schema = z
  .string()
  .regex(E164_PATTERN, 'not an E.164 phone number (+ and 8–15 digits)');

export { maskPhone, type PhoneMaskStyle } from './phone-mask';
