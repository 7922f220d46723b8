// Lead fields as they cross the boundary (console form, API): one set of rules for create,
// update, status and the list filter.
import { z } from 'zod';
import { stripControl } from '@/lib/schemas/common';
import { createContactInput } from '../contacts/fields';

export const LEAD_STATUSES = ['NEW', 'CONTACTED', 'APPOINTMENT_SET', 'WON', 'LOST'] as const;
export const LEAD_SOURCES = ['WEB', 'REFERRAL', 'PHONE', 'EVENT', 'IMPORT', 'OTHER'] as const;
export const leadStatusSchema = z.enum(LEAD_STATUSES);
export const leadSourceSchema = z.enum(LEAD_SOURCES);

/** Free text over several lines (notes): controls stripped, newlines kept, at most `max`. */
export const multiLine = (max: number) =>
  z
    .string()
    .transform((v) => stripControl(v).trim())
    .pipe(z.string().max(max, `at most ${max} characters`))
    .transform((v) => (v === '' ? null : v));

export const leadNotesSchema = multiLine(2000);
const leadId = z.uuid('not a lead id');

export const createLeadInput = z
  .object({
    /** An existing contact of the workspace… */
    contactId: z.uuid('not a contact id').optional(),
    /** …or a new one, made with the lead. */
    contact: createContactInput.optional(),
    source: leadSourceSchema,
    notes: leadNotesSchema.nullish(),
    /** Whether the person agreed to visits being recorded (asked when the lead is taken). */
    recordingConsent: z.boolean().optional(),
  })
  .refine((v) => (v.contactId === undefined) !== (v.contact === undefined), {
    message: 'give either contactId (an existing contact) or contact (a new one), not both',
    path: ['contactId'],
  });
export type CreateLeadInput = z.output<typeof createLeadInput>;

export const updateLeadInput = z.object({
  id: leadId,
  source: leadSourceSchema.optional(),
  notes: leadNotesSchema.nullish(),
  recordingConsent: z.boolean().optional(),
});
export type UpdateLeadInput = z.output<typeof updateLeadInput>;

export const setLeadStatusInput = z.object({ id: leadId, status: leadStatusSchema });
export type SetLeadStatusInput = z.output<typeof setLeadStatusInput>;

export const listLeadsInput = z
  .object({
    status: leadStatusSchema.optional(),
    source: leadSourceSchema.optional(),
    /** Name, email or phone of the lead's contact. */
    search: z
      .string()
      .transform((s) => stripControl(s).trim())
      .pipe(z.string().max(100))
      .optional(),
    limit: z.number().int().min(1).max(100).default(25),
    cursor: z.uuid().optional(),
  })
  .default({ limit: 25 });
export type ListLeadsInput = z.output<typeof listLeadsInput>;

export const leadSelect = {
  id: true,
  source: true,
  status: true,
  statusSetBy: true,
  statusSetById: true,
  statusSetAt: true,
  statusResultAt: true,
  recordingConsent: true,
  recordingConsentAt: true,
  notes: true,
  createdAt: true,
  updatedAt: true,
  contactId: true,
} as const;
