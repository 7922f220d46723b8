// The reaper: a session left PENDING or RECORDING past RECORDING_ABANDON_AFTER_MINUTES since it
// started (the phone died, the app was killed, the rep never stopped it) is marked ABANDONED, so
// it no longer holds the appointment's one active slot and the next start can open a new one.
// Cross-tenant (system transaction, one batch per call); each session audited as the system.
// SKIP LOCKED: a session a stop or an upload holds right now is theirs to decide, not ours.
import type { Tx } from '../../db/tx';
import { recordAudit } from '../audit/record';
import { releaseVisits } from './visit-status';

export const REAP_BATCH = 500;

export async function abandonStaleRecordings(
  tx: Tx,
  input: { now: Date; afterMinutes: number; limit?: number },
): Promise<{ abandoned: number; hasMore: boolean }> {
  const limit = Math.max(1, Math.min(input.limit ?? REAP_BATCH, REAP_BATCH));
  const cutoff = new Date(input.now.getTime() - input.afterMinutes * 60_000);
  const reason = `abandoned: still open ${input.afterMinutes} minutes after it started`;
  const rows = await tx.$queryRaw<
    { id: string; tenant_id: string; appointment_id: string; from_status: string }[]
  >`
    WITH stale AS (
      SELECT id, status FROM recording_sessions
      WHERE status IN ('PENDING', 'RECORDING') AND started_at <= ${cutoff}
      ORDER BY started_at
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    UPDATE recording_sessions r
    SET status = 'ABANDONED', stopped_at = coalesce(r.stopped_at, ${input.now}),
        ended_reason = ${reason}, updated_at = ${input.now}
    FROM stale
    WHERE r.id = stale.id
    RETURNING r.id, r.tenant_id, r.appointment_id, stale.status::text AS from_status`;
  await releaseVisits(
    tx,
    rows.map((r) => r.appointment_id),
  );
  for (const row of rows)
    await recordAudit(tx, {
      tenantId: row.tenant_id,
      actorId: null,
      action: 'recording.abandoned',
      subject: `recording_session:${row.id}`,
      detail: { from: row.from_status, appointmentId: row.appointment_id, reason },
    });
  return { abandoned: rows.length, hasMore: rows.length === limit };
}
