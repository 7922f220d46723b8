// Appointment inputs as they cross the boundary (console form, API). The time range is
// [startsAt, endsAt), half-open: a visit 10:00-11:00 and one 11:00-12:00 do not overlap.
import { z } from 'zod';
import { dateInputSchema, singleLine } from '@/lib/schemas/common';
import { multiLine } from '../leads/fields';

export const MAX_APPOINTMENT_HOURS = 24;
export const MAX_BOARD_DAYS = 31;
const HOUR_MS = 3_600_000;

const appointmentId = z.uuid('not an appointment id');
const repId = z.uuid('not a member id');

export const appointmentStatusSchema = z.enum([
  'SCHEDULED',
  'ASSIGNED',
  'IN_PROGRESS',
  'COMPLETED',
  'CANCELLED',
  'NO_SHOW',
]);

export const createAppointmentInput = z
  .object({
    leadId: z.uuid('not a lead id'),
    startsAt: dateInputSchema,
    endsAt: dateInputSchema,
    address: singleLine(300),
    notes: multiLine(2000).nullish(),
  })
  .refine((v) => v.startsAt < v.endsAt, {
    message: 'the end must be after the start',
    path: ['endsAt'],
  })
  .refine((v) => v.endsAt.getTime() - v.startsAt.getTime() <= MAX_APPOINTMENT_HOURS * HOUR_MS, {
    message: `an appointment lasts at most ${MAX_APPOINTMENT_HOURS} hours`,
    path: ['endsAt'],
  });
export type CreateAppointmentInput = z.output<typeof createAppointmentInput>;

export const appointmentIdInput = z.object({ appointmentId });
export const assignInput = z.object({ appointmentId, repId });
export type AssignInput = z.output<typeof assignInput>;

export const boardInput = z
  .object({ from: dateInputSchema, to: dateInputSchema })
  .refine((v) => v.from < v.to, { message: 'From must be before To', path: ['to'] })
  .refine((v) => v.to.getTime() - v.from.getTime() <= MAX_BOARD_DAYS * 24 * HOUR_MS, {
    message: `a board spans at most ${MAX_BOARD_DAYS} days`,
    path: ['to'],
  });
export type BoardInput = z.output<typeof boardInput>;
