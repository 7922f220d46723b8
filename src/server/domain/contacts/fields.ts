// Contact fields as they cross a boundary (console form, API, CSV row): one set of rules, so a
// row the importer keeps is exactly a row the form would accept.
import type { CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import { emailSchema, personNameSchema, stripControl } from '@/lib/schemas/common';
import { countryCodeSchema, isCountryCode, normalizePhone } from '@/lib/schemas/phone';
import { getEnv } from '../../env';

export const MAX_TAGS = 50;
export const MAX_TAG_LENGTH = 50;

export const CONSENT_STATES = ['UNKNOWN', 'GRANTED', 'WITHDRAWN'] as const;
export const consentSchema = z.enum(CONSENT_STATES);
export type ConsentState = z.infer<typeof consentSchema>;

/** Tags are compared case-insensitively by audiences, so they are stored lower-case. */
export const tagSchema = z
  .string()
  .transform((t) => stripControl(t).trim().toLowerCase())
  .pipe(
    z
      .string()
      .min(1, 'a tag cannot be empty')
      .max(MAX_TAG_LENGTH, `a tag has at most ${MAX_TAG_LENGTH} characters`),
  );

export const tagsSchema = z
  .array(tagSchema)
  .max(MAX_TAGS, `at most ${MAX_TAGS} tags`)
  .transform((tags) => [...new Set(tags)]);

export const contactNameSchema = personNameSchema;
export const contactEmailSchema = emailSchema;

/** The country for numbers without +prefix: the caller's choice, else the deployment's default. */
export function resolveDefaultCountry(explicit?: CountryCode | null): CountryCode | null {
  if (explicit) return explicit;
  const fromEnv = getEnv().DEFAULT_PHONE_COUNTRY;
  return fromEnv && isCountryCode(fromEnv) ? fromEnv : null;
}

/**
 * The phone field depends on its sibling defaultCountry, so it is checked at object level — as a
 * refinement that runs even when other fields failed, so a form gets every field error at once.
 */
function checkPhone(
  value: { phone?: unknown; defaultCountry?: unknown },
  ctx: z.RefinementCtx,
): void {
  if (typeof value.phone !== 'string') return;
  const country =
    typeof value.defaultCountry === 'string' && isCountryCode(value.defaultCountry)
      ? value.defaultCountry
      : undefined;
  const result = normalizePhone(value.phone, resolveDefaultCountry(country));
  if (!result.ok) ctx.addIssue({ code: 'custom', path: ['phone'], message: result.error });
}

/** After checkPhone passed: the E.164 form. */
function e164(phone: string, defaultCountry: CountryCode | undefined): string {
  const result = normalizePhone(phone, resolveDefaultCountry(defaultCountry));
  return result.ok ? result.e164 : phone;
}

export const createContactInput = z
  .object({
    phone: z.string().max(40, 'phone number is too long (at most 40 characters)'),
    defaultCountry: countryCodeSchema.optional(),
    name: contactNameSchema.nullish(),
    email: contactEmailSchema.nullish(),
    tags: tagsSchema.default([]),
    consent: consentSchema.default('UNKNOWN'),
  })
  .superRefine(checkPhone, { when: () => true })
  .transform(({ defaultCountry, ...input }) => ({
    ...input,
    phone: e164(input.phone, defaultCountry),
  }));
export type CreateContactInput = z.output<typeof createContactInput>;

/** Omitted fields stay as they are; null clears name or email. */
export const updateContactInput = z
  .object({
    id: z.uuid(),
    phone: z.string().max(40, 'phone number is too long (at most 40 characters)').optional(),
    defaultCountry: countryCodeSchema.optional(),
    name: contactNameSchema.nullish(),
    email: contactEmailSchema.nullish(),
    tags: tagsSchema.optional(),
    consent: consentSchema.optional(),
  })
  .superRefine(checkPhone, { when: () => true })
  .transform(({ defaultCountry, ...input }) => ({
    ...input,
    phone: input.phone === undefined ? undefined : e164(input.phone, defaultCountry),
  }));
export type UpdateContactInput = z.output<typeof updateContactInput>;

export const listContactsInput = z.object({
  /** Matches name, email or phone (digits of a phone match wherever they appear). */
  search: z
    .string()
    .transform((s) => stripControl(s).trim())
    .pipe(z.string().max(100))
    .optional(),
  tag: tagSchema.optional(),
  consent: consentSchema.optional(),
  optedOut: z.boolean().optional(),
  limit: z.number().int().min(1).max(200).default(50),
  cursor: z.uuid().optional(),
});
export type ListContactsInput = z.output<typeof listContactsInput>;

/** A contact as the console and API see it (explicit columns, never the raw model). */
export const contactSelect = {
  id: true,
  phone: true,
  name: true,
  email: true,
  tags: true,
  consent: true,
  consentUpdatedAt: true,
  consentSource: true,
  optedOut: true,
  optedOutAt: true,
  optOutSource: true,
  createdAt: true,
  updatedAt: true,
} as const;
