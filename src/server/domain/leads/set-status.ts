// A person sets a lead's status in the console. Recorded as set by a PERSON (who and when), which
// analysis never overwrites (apply-analysis-outcome.ts); the row lock orders it against an
// analysis result being applied at the same moment.
import type { Tx } from '../../db/tx';
import type { LeadStatus } from '../../db/generated/client';
import type { Actor } from '../audit/actor';
import { recordAudit } from '../audit/record';
import { NotFoundError } from '../errors';
import type { SetLeadStatusInput } from './fields';
import { getLead, type LeadView } from './leads';

export async function setLeadStatusByPerson(
  tx: Tx,
  { actor, id, status }: SetLeadStatusInput & { actor: Actor },
): Promise<LeadView> {
  const rows = await tx.$queryRaw<
    { status: LeadStatus; status_set_by: string }[]
  >`SELECT status, status_set_by::text FROM leads WHERE id = ${id}::uuid FOR UPDATE`;
  const before = rows[0];
  if (!before) throw new NotFoundError('lead not found');
  await tx.lead.update({
    where: { id },
    data: {
      status,
      statusSetBy: 'PERSON',
      statusSetById: actor.userId,
      statusSetAt: new Date(),
      statusResultAt: null,
    },
  });
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorId: actor.userId,
    action: 'lead.status_set',
    subject: `lead:${id}`,
    detail: { from: before.status, to: status, previouslySetBy: before.status_set_by },
  });
  return getLead(tx, { id });
}

/**
 * Booking an appointment moves a lead that is NEW or CONTACTED on to APPOINTMENT_SET (set by the
 * system); a lead already further on (WON, LOST, or booked before) keeps its status.
 */
export async function markAppointmentSet(tx: Tx, leadId: string): Promise<boolean> {
  const moved = await tx.lead.updateMany({
    where: { id: leadId, status: { in: ['NEW', 'CONTACTED'] } },
    data: {
      status: 'APPOINTMENT_SET',
      statusSetBy: 'SYSTEM',
      statusSetById: null,
      statusSetAt: new Date(),
    },
  });
  return moved.count > 0;
}
