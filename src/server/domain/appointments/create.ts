// Booking an appointment for a lead: a time range [startsAt, endsAt), an address, notes. It
// starts SCHEDULED and unassigned (assignment.ts gives it a rep); the lead moves on to
// APPOINTMENT_SET unless it is already further on.
import type { Tx } from '../../db/tx';
import type { Actor } from '../audit/actor';
import { recordAudit } from '../audit/record';
import { NotFoundError } from '../errors';
import { markAppointmentSet } from '../leads/set-status';
import type { CreateAppointmentInput } from './fields';
import { getAppointmentSummary, type AppointmentSummary } from './views';

export async function createAppointment(
  tx: Tx,
  { actor, ...input }: CreateAppointmentInput & { actor: Actor },
): Promise<AppointmentSummary> {
  const lead = await tx.lead.findUnique({ where: { id: input.leadId }, select: { id: true } });
  if (!lead) throw new NotFoundError('lead not found');
  const created = await tx.appointment.create({
    data: {
      tenantId: actor.tenantId,
      leadId: input.leadId,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      address: input.address,
      notes: input.notes ?? null,
      createdById: actor.userId,
    },
    select: { id: true },
  });
  const leadMoved = await markAppointmentSet(tx, input.leadId);
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorId: actor.userId,
    action: 'appointment.created',
    subject: `appointment:${created.id}`,
    detail: {
      leadId: input.leadId,
      startsAt: input.startsAt.toISOString(),
      endsAt: input.endsAt.toISOString(),
      leadStatusMoved: leadMoved,
    },
  });
  return getAppointmentSummary(tx, created.id);
}
