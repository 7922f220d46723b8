// Who may touch which appointment and recording. A REP works only on appointments actively
// assigned to them and on their own sessions; anything else answers NOT_FOUND, exactly like an id
// of another tenant (RLS already hides those), so ids cannot be probed. Office roles (STAFF and
// above) see the whole tenant.
import type { Tx } from '../../db/tx';
import type { AppointmentStatus } from '../../db/generated/client';
import type { Actor } from '../audit/actor';
import { NotFoundError } from '../errors';
import { sessionSelect } from './views';

export const isRep = (actor: Actor) => actor.role === 'REP';

export type AppointmentForRecording = {
  id: string;
  leadId: string;
  status: AppointmentStatus;
  /** The rep of the active assignment, or null when nobody holds it. */
  repId: string | null;
};

export async function findAppointmentForActor(
  tx: Tx,
  actor: Actor,
  appointmentId: string,
): Promise<AppointmentForRecording> {
  const appointment = await tx.appointment.findUnique({
    where: { id: appointmentId },
    select: {
      id: true,
      leadId: true,
      status: true,
      assignments: { where: { active: true }, select: { repId: true }, take: 1 },
    },
  });
  const repId = appointment?.assignments[0]?.repId ?? null;
  if (!appointment || (isRep(actor) && repId !== actor.userId))
    throw new NotFoundError('appointment not found');
  return { id: appointment.id, leadId: appointment.leadId, status: appointment.status, repId };
}

/** The session, if the actor may see it; `forUpdate` row-locks it for a state change. */
export async function findSessionForActor(
  tx: Tx,
  actor: Actor,
  sessionId: string,
  options: { forUpdate?: boolean } = {},
) {
  if (options.forUpdate)
    await tx.$queryRaw`SELECT 1 FROM recording_sessions WHERE id = ${sessionId}::uuid FOR UPDATE`;
  const session = await tx.recordingSession.findUnique({
    where: { id: sessionId },
    select: { ...sessionSelect, tenantId: true },
  });
  if (!session || (isRep(actor) && session.repId !== actor.userId))
    throw new NotFoundError('recording session not found');
  return session;
}
