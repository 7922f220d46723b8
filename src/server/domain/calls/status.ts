// Status callbacks → one Call per CallSid. Twilio posts each transition as its own request, in no
// guaranteed order and sometimes twice, so every callback is kept once by (call, SequenceNumber)
// and the call's state is derived from all of them: ordered by SequenceNumber then timestamp,
// and a terminal state, once reached, stays (a late `ringing` never reopens a completed call).
import type { Tx } from '../../db/tx';
import { getMetrics } from '../../obs/metrics';
import { normalizePhone } from '@/lib/schemas/phone';

export const CALL_STATUSES = [
  'queued',
  'initiated',
  'ringing',
  'in-progress',
  'completed',
  'busy',
  'failed',
  'no-answer',
  'canceled',
] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];
const TERMINAL: ReadonlySet<string> = new Set([
  'completed',
  'busy',
  'failed',
  'no-answer',
  'canceled',
]);
export const isTerminal = (status: string) => TERMINAL.has(status);

export type CallOutcome =
  'answered-by-assistant' | 'transferred' | 'voicemail' | 'abandoned' | 'failed';

export type StatusCallback = {
  callSid: string;
  status: string;
  sequence: number;
  occurredAt: Date | null;
  durationSeconds: number | null;
  from: string | null;
  to: string | null;
  direction: string | null;
  source?: 'callback' | 'reconciler';
};

const e164OrNull = (value: string | null) => {
  if (!value) return null;
  const parsed = normalizePhone(value);
  return parsed.ok ? parsed.e164 : null;
};

type Derived = {
  status: CallStatus;
  answeredAt: Date | null;
  endedAt: Date | null;
  durationSeconds: number | null;
};

/** The call's state from its callbacks (pure: the same set in any order gives the same state). */
export function deriveCallState(
  events: readonly {
    sequenceNumber: number;
    status: string;
    occurredAt: Date;
    durationSeconds: number | null;
  }[],
): Derived | null {
  const ordered = [...events].sort(
    (x, y) =>
      x.sequenceNumber - y.sequenceNumber || x.occurredAt.getTime() - y.occurredAt.getTime(),
  );
  let state = null as Derived | null;
  for (const event of ordered) {
    if (!(CALL_STATUSES as readonly string[]).includes(event.status)) continue;
    if (state && isTerminal(state.status)) break; // sticky
    state = {
      status: event.status as CallStatus,
      answeredAt: state?.answeredAt ?? (event.status === 'in-progress' ? event.occurredAt : null),
      endedAt: isTerminal(event.status) ? event.occurredAt : null,
      durationSeconds: isTerminal(event.status) ? event.durationSeconds : null,
    };
  }
  return state;
}

/** What happened, once the call is over: the assistant's flags decide between the answered kinds. */
export function outcomeOf(
  status: string,
  call: { transferred: boolean; voicemail: boolean; answeredTurns: number },
): CallOutcome | null {
  if (!isTerminal(status)) return null;
  if (status === 'failed') return 'failed';
  if (status !== 'completed') return 'abandoned';
  if (call.voicemail) return 'voicemail';
  if (call.transferred) return 'transferred';
  return call.answeredTurns > 0 ? 'answered-by-assistant' : 'abandoned';
}

/** Applies one status callback inside the transaction that marks its webhook event processed. */
export async function applyCallStatus(
  tx: Tx,
  { tenantId, callback }: { tenantId: string; callback: StatusCallback },
): Promise<void> {
  const direction =
    callback.direction === 'outbound-api' || callback.direction === 'outbound-dial'
      ? callback.direction
      : 'inbound';
  // The row first (a callback may be the first we hear of a call), locked for the recompute.
  const [call] = await tx.$queryRaw<{ id: string; outcome: string | null }[]>`
    INSERT INTO calls (tenant_id, call_sid, from_phone, to_phone, direction)
    VALUES (${tenantId}::uuid, ${callback.callSid}, ${e164OrNull(callback.from)}, ${e164OrNull(callback.to)}, ${direction})
    ON CONFLICT (tenant_id, call_sid) DO UPDATE SET updated_at = calls.updated_at
    RETURNING id, outcome`;
  const locked = await tx.$queryRaw<
    { id: string; outcome: string | null; transferred: boolean; voicemail: boolean }[]
  >`
    SELECT id, outcome, transferred, voicemail FROM calls WHERE id = ${call!.id}::uuid FOR UPDATE`;
  const row = locked[0]!;
  if ((CALL_STATUSES as readonly string[]).includes(callback.status))
    // A duplicate (same call and SequenceNumber) changes nothing.
    await tx.$executeRaw`
      INSERT INTO call_status_events (tenant_id, call_id, sequence_number, status, occurred_at, duration_seconds, source)
      VALUES (${tenantId}::uuid, ${row.id}::uuid, ${callback.sequence}, ${callback.status},
              ${callback.occurredAt ?? new Date()}, ${callback.durationSeconds}, ${callback.source ?? 'callback'})
      ON CONFLICT (call_id, sequence_number) DO NOTHING`;
  const events = await tx.callStatusEvent.findMany({
    where: { callId: row.id },
    select: { sequenceNumber: true, status: true, occurredAt: true, durationSeconds: true },
  });
  const state = deriveCallState(events);
  if (!state) return;
  const answeredTurns = await tx.callTurn.count({ where: { callId: row.id, status: 'answered' } });
  const outcome = row.outcome ?? outcomeOf(state.status, { ...row, answeredTurns });
  await tx.call.update({
    where: { id: row.id },
    data: { ...state, outcome, lastEventAt: new Date() },
  });
  if (outcome && !row.outcome) getMetrics().callsTotal.inc({ outcome });
}
