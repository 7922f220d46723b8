// recordings.stop: end a session from any state, so one stuck PENDING (the phone died before any
// audio) can always be closed and the appointment recorded again. Without audio it ends ABANDONED;
// with audio it keeps its status (the analysis goes on) and only notes when it was stopped.
import type { Tx } from '../../db/tx';
import type { Actor } from '../audit/actor';
import { recordAudit } from '../audit/record';
import { findSessionForActor } from './access';
import { releaseVisits } from './visit-status';
import { sessionSelect, toSessionView, type RecordingSessionView } from './views';

export const STOPPED_WITHOUT_AUDIO = 'stopped before any audio was uploaded';

export async function stopRecording(
  tx: Tx,
  input: { actor: Actor; sessionId: string },
): Promise<{ session: RecordingSessionView; changed: boolean }> {
  const { actor, sessionId } = input;
  const before = await findSessionForActor(tx, actor, sessionId, { forUpdate: true });
  const now = new Date();
  const isOpen = before.status === 'PENDING' || before.status === 'RECORDING';
  const data = isOpen
    ? { status: 'ABANDONED' as const, stoppedAt: now, endedReason: STOPPED_WITHOUT_AUDIO }
    : before.stoppedAt === null && before.status !== 'ABANDONED'
      ? { stoppedAt: now }
      : null;
  if (!data) return { session: toSessionView(before), changed: false };
  const session = await tx.recordingSession.update({
    where: { id: sessionId },
    data,
    select: sessionSelect,
  });
  if (isOpen) await releaseVisits(tx, [before.appointmentId]);
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorId: actor.userId,
    action: 'recording.stopped',
    subject: `recording_session:${sessionId}`,
    detail: { from: before.status, to: session.status, appointmentId: before.appointmentId },
  });
  return { session: toSessionView(session), changed: true };
}
