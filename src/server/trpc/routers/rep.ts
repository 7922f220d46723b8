// The field rep's phone: their day. Appointments actively assigned to the caller only (office
// roles calling it see their own assignments too, usually none).
import { z } from 'zod';
import { createTRPCRouter, tenantProcedure } from '../init';
import { isCalendarDay, listMyAppointments } from '../../domain/recordings';
import { isTimeZone } from '../../domain/calls/hours';

const myAppointmentsInput = z.object({
  day: z.string().max(10).refine(isCalendarDay, 'a calendar day as YYYY-MM-DD'),
  /** The rep's IANA time zone: "the day" is their local day. */
  timeZone: z
    .string()
    .min(1)
    .max(64)
    .refine(isTimeZone, 'an IANA time zone such as Europe/Berlin')
    .default('UTC'),
});

export const repRouter = createTRPCRouter({
  myAppointments: tenantProcedure
    .input(myAppointmentsInput)
    .query(({ ctx, input }) => listMyAppointments(ctx.tx, { ...input, actor: ctx.actor })),
});
