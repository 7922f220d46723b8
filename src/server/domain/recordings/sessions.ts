// Reading recording sessions: one by id, or an appointment's (newest first). A REP sees their own.
import type { Tx } from '../../db/tx';
import type { Actor } from '../audit/actor';
import { findAppointmentForActor, findSessionForActor, isRep } from './access';
import { sessionSelect, toSessionView, type RecordingSessionView } from './views';

export async function getRecordingSession(
  tx: Tx,
  input: { actor: Actor; sessionId: string },
): Promise<RecordingSessionView> {
  return toSessionView(await findSessionForActor(tx, input.actor, input.sessionId));
}

export async function listRecordingSessions(
  tx: Tx,
  input: { actor: Actor; appointmentId: string },
): Promise<RecordingSessionView[]> {
  await findAppointmentForActor(tx, input.actor, input.appointmentId);
  const rows = await tx.recordingSession.findMany({
    where: {
      appointmentId: input.appointmentId,
      // A REP always acts as a person (userId set); the filter holds even if not.
      ...(isRep(input.actor) ? { repId: input.actor.userId ?? { in: [] } } : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: 100,
    select: sessionSelect,
  });
  return rows.map(toSessionView);
}
