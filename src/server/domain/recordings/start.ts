// recordings.start: open the recording of a visit. Inside withLock('recording_session:start:<id>')
// concurrent starts for one appointment run one after the other, and each after the first finds
// the open session and answers it; the partial unique index idx_recording_sessions_active_appointment
// has the last word (ON CONFLICT DO NOTHING, then the row that won), so even a start that got past
// the lock some other way cannot open a second one. Refused (412) without the lead's consent.
import { withLock } from '../../db/lock';
import type { Tx } from '../../db/tx';
import type { Actor } from '../audit/actor';
import { recordAudit } from '../audit/record';
import { ConflictError, PreconditionFailedError } from '../errors';
import { hasRecordingConsent } from '../leads/recording-consent';
import { findAppointmentForActor } from './access';
import { markVisitStarted } from './visit-status';
import { ACTIVE_STATUSES, sessionSelect, toSessionView, type RecordingSessionView } from './views';

const CLOSED_APPOINTMENT = new Set(['CANCELLED', 'COMPLETED', 'NO_SHOW']);

export const startLockKey = (appointmentId: string) => `recording_session:start:${appointmentId}`;

export async function startRecording(
  tx: Tx,
  input: { actor: Actor; appointmentId: string },
): Promise<{ session: RecordingSessionView; created: boolean }> {
  const { actor, appointmentId } = input;
  // Visibility first (a REP's other-rep id is NOT_FOUND before any lock is taken).
  await findAppointmentForActor(tx, actor, appointmentId);
  return withLock(tx, startLockKey(appointmentId), async () => {
    // Read again under the lock: the assignment may have changed while we waited.
    const appointment = await findAppointmentForActor(tx, actor, appointmentId);
    if (CLOSED_APPOINTMENT.has(appointment.status))
      throw new PreconditionFailedError(
        `the appointment is ${appointment.status.toLowerCase().replace('_', ' ')}; nothing to record`,
      );
    const repId = appointment.repId;
    if (!repId)
      throw new PreconditionFailedError(
        'the appointment is not assigned to a rep; assign it before recording',
      );
    if (!(await hasRecordingConsent(tx, appointment.leadId)))
      throw new PreconditionFailedError(
        'the lead has not consented to being recorded; record their consent before starting',
        { reason: 'recording_consent_missing', leadId: appointment.leadId },
      );
    const open = await openSessionOf(tx, appointmentId);
    if (open) return answerOpen(open, repId);

    const inserted = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO recording_sessions (tenant_id, appointment_id, rep_id)
      VALUES (${actor.tenantId}::uuid, ${appointmentId}::uuid, ${repId}::uuid)
      ON CONFLICT (appointment_id) WHERE status IN ('PENDING', 'RECORDING') DO NOTHING
      RETURNING id`;
    const id = inserted[0]?.id;
    if (!id) {
      const winner = await openSessionOf(tx, appointmentId);
      if (!winner) throw new ConflictError('a recording was started at the same time; retry');
      return answerOpen(winner, repId);
    }
    const session = await tx.recordingSession.findUniqueOrThrow({
      where: { id },
      select: sessionSelect,
    });
    await markVisitStarted(tx, appointmentId);
    await recordAudit(tx, {
      tenantId: actor.tenantId,
      actorId: actor.userId,
      action: 'recording.started',
      subject: `recording_session:${id}`,
      detail: { appointmentId, repId },
    });
    return { session: toSessionView(session), created: true };
  });
}

function openSessionOf(tx: Tx, appointmentId: string) {
  return tx.recordingSession.findFirst({
    where: { appointmentId, status: { in: [...ACTIVE_STATUSES] } },
    select: sessionSelect,
  });
}

/** The appointment's open session is the answer, unless it is another rep's (reassigned since). */
function answerOpen(
  open: NonNullable<Awaited<ReturnType<typeof openSessionOf>>>,
  repId: string,
): { session: RecordingSessionView; created: boolean } {
  if (open.repId !== repId)
    throw new ConflictError(
      "another rep's recording of this appointment is still open; it must be stopped first",
      { sessionId: open.id },
    );
  return { session: toSessionView(open), created: false };
}
