// The appointment follows its recording: a started recording marks the visit IN_PROGRESS, its
// uploaded audio COMPLETED. A recording that ends without audio (stopped or reaped) gives the
// appointment back as ASSIGNED, so it can be recorded again or reassigned instead of staying
// IN_PROGRESS for ever (assign refuses to move an appointment that is in progress).
import type { Tx } from '../../db/tx';

export async function markVisitStarted(tx: Tx, appointmentId: string): Promise<void> {
  await tx.$executeRaw`
    UPDATE appointments SET status = 'IN_PROGRESS', updated_at = now()
    WHERE id = ${appointmentId}::uuid AND status = 'ASSIGNED'`;
}

export async function markVisitRecorded(tx: Tx, appointmentId: string): Promise<void> {
  await tx.$executeRaw`
    UPDATE appointments SET status = 'COMPLETED', updated_at = now()
    WHERE id = ${appointmentId}::uuid AND status IN ('ASSIGNED', 'IN_PROGRESS')`;
}

/** Back to ASSIGNED, unless another recording of the visit is still open. */
export async function releaseVisits(tx: Tx, appointmentIds: readonly string[]): Promise<void> {
  if (appointmentIds.length === 0) return;
  await tx.$executeRaw`
    UPDATE appointments a SET status = 'ASSIGNED', updated_at = now()
    WHERE a.id = ANY(${[...appointmentIds]}::uuid[]) AND a.status = 'IN_PROGRESS'
      AND NOT EXISTS (
        SELECT 1 FROM recording_sessions r
        WHERE r.appointment_id = a.id AND r.status IN ('PENDING', 'RECORDING'))`;
}
