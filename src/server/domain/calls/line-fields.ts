// Voice line input: what the console's settings form sends, validated once.
import { z } from 'zod';
import { phoneSchema } from '@/lib/schemas/phone';
import { singleLine } from '@/lib/schemas/common';
import { isTimeZone } from './hours';

export const VOICE_LANGUAGES = ['en', 'ru', 'uk', 'sk'] as const;
const HHMM = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

const lineFields = {
  phone: phoneSchema(),
  label: singleLine(100),
  greeting: singleLine(500),
  language: z.enum(VOICE_LANGUAGES),
  fallbackPhone: phoneSchema().nullable().default(null),
  timeZone: z
    .string()
    .max(64)
    .refine(isTimeZone, { message: 'not a time zone (e.g. Europe/Berlin)' })
    .default('UTC'),
  openDays: z
    .array(z.number().int().min(1).max(7))
    .max(7)
    .transform((days) => [...new Set(days)].sort())
    .default([1, 2, 3, 4, 5]),
  opensAt: z.string().regex(HHMM, 'a time as HH:MM').default('09:00'),
  closesAt: z.string().regex(HHMM, 'a time as HH:MM').default('17:00'),
};

export const createVoiceLineInput = z.object(lineFields);
export type CreateVoiceLineInput = z.output<typeof createVoiceLineInput>;

export const updateVoiceLineInput = z.object({ id: z.uuid(), ...lineFields });
export type UpdateVoiceLineInput = z.output<typeof updateVoiceLineInput>;

export const voiceLineSelect = {
  id: true,
  phone: true,
  label: true,
  greeting: true,
  language: true,
  fallbackPhone: true,
  timeZone: true,
  openDays: true,
  opensAt: true,
  closesAt: true,
  createdAt: true,
} as const;
