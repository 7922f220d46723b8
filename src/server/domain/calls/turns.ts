// A call's turns (call_turns) and the call state the flow reads: the row for a CallSid with its
// line, a turn opened once per (call, turn number) whatever Twilio retries, and a pending turn
// completed exactly once — by the answer, or by the flow giving up on it.
import type { Tx } from '../../db/tx';
import { getMetrics } from '../../obs/metrics';
import { normalizePhone } from '@/lib/schemas/phone';
import type { Answer } from '../answering';
import type { VoiceLanguage } from '../../providers/twilio/voice-twiml';
import { isOpen } from './hours';

export type FlowLine = {
  id: string;
  language: VoiceLanguage;
  greeting: string;
  fallbackPhone: string | null;
  timeZone: string;
  openDays: number[];
  opensAt: string;
  closesAt: string;
};

export type FlowCall = {
  id: string;
  outcome: string | null;
  transferred: boolean;
  voicemail: boolean;
  dontKnowStreak: number;
  line: FlowLine | null;
};

export type TurnStatus = 'pending' | 'answered' | 'unknown' | 'transfer' | 'failed';

export type TurnRow = {
  id: string;
  turn: number;
  status: TurnStatus;
  answerText: string | null;
};

type CallRow = {
  id: string;
  outcome: string | null;
  transferred: boolean;
  voicemail: boolean;
  dont_know_streak: number;
  line_id: string | null;
  language: VoiceLanguage | null;
  greeting: string | null;
  fallback_phone: string | null;
  time_zone: string | null;
  open_days: number[] | null;
  opens_at: string | null;
  closes_at: string | null;
};

const e164OrNull = (value: string | null) => {
  if (!value) return null;
  const parsed = normalizePhone(value);
  return parsed.ok ? parsed.e164 : null;
};

function asFlowCall(row: CallRow): FlowCall {
  return {
    id: row.id,
    outcome: row.outcome,
    transferred: row.transferred,
    voicemail: row.voicemail,
    dontKnowStreak: row.dont_know_streak,
    line:
      row.line_id && row.language
        ? {
            id: row.line_id,
            language: row.language,
            greeting: row.greeting ?? '',
            fallbackPhone: row.fallback_phone,
            timeZone: row.time_zone ?? 'UTC',
            openDays: row.open_days ?? [],
            opensAt: row.opens_at ?? '09:00',
            closesAt: row.closes_at ?? '17:00',
          }
        : null,
  };
}

const selectCall = (tx: Tx, callSid: string) => tx.$queryRaw<CallRow[]>`
  SELECT c.id, c.outcome, c.transferred, c.voicemail, c.dont_know_streak, l.id AS line_id,
         l.language, l.greeting, l.fallback_phone, l.time_zone, l.open_days, l.opens_at, l.closes_at
    FROM calls c LEFT JOIN voice_lines l ON l.id = c.line_id
   WHERE c.call_sid = ${callSid}`;

/**
 * The call for a CallSid, created on its first request with the line its `To` number belongs to.
 * The line is looked up under the tenant's RLS scope: a number of another tenant is no line here.
 */
export async function openCall(
  tx: Tx,
  input: {
    tenantId: string;
    callSid: string;
    from: string | null;
    to: string | null;
    direction: string | null;
  },
): Promise<FlowCall> {
  const [existing] = await selectCall(tx, input.callSid);
  if (existing?.line_id) return asFlowCall(existing);
  const to = e164OrNull(input.to);
  const direction =
    input.direction === 'outbound-api' || input.direction === 'outbound-dial'
      ? input.direction
      : 'inbound';
  await tx.$executeRaw`
    INSERT INTO calls (tenant_id, call_sid, from_phone, to_phone, direction, line_id)
    VALUES (${input.tenantId}::uuid, ${input.callSid}, ${e164OrNull(input.from)}, ${to}, ${direction},
            (SELECT id FROM voice_lines WHERE phone = ${to}))
    ON CONFLICT (tenant_id, call_sid) DO UPDATE SET
      line_id = COALESCE(calls.line_id, EXCLUDED.line_id),
      from_phone = COALESCE(calls.from_phone, EXCLUDED.from_phone),
      to_phone = COALESCE(calls.to_phone, EXCLUDED.to_phone)`;
  const [row] = await selectCall(tx, input.callSid);
  return asFlowCall(row!);
}

export async function findTurn(tx: Tx, callId: string, turn: number): Promise<TurnRow | null> {
  const rows = await tx.$queryRaw<TurnRow[]>`
    SELECT id, turn, status, answer_text AS "answerText" FROM call_turns
     WHERE call_id = ${callId}::uuid AND turn = ${turn}`;
  return rows[0] ?? null;
}

/** Opens turn `turn`; a retry of the same Gather finds the row already there (`created: false`). */
export async function openTurn(
  tx: Tx,
  input: {
    tenantId: string;
    callId: string;
    turn: number;
    callerText: string;
    digits: string | null;
    confidence: number | null;
    status: 'pending' | 'transfer';
  },
): Promise<{ turn: TurnRow; created: boolean }> {
  const inserted = await tx.$queryRaw<TurnRow[]>`
    INSERT INTO call_turns (tenant_id, call_id, turn, caller_text, digits, confidence, status)
    VALUES (${input.tenantId}::uuid, ${input.callId}::uuid, ${input.turn}, ${input.callerText.slice(0, 4000)},
            ${input.digits}, ${input.confidence}, ${input.status})
    ON CONFLICT (call_id, turn) DO NOTHING
    RETURNING id, turn, status, answer_text AS "answerText"`;
  if (inserted[0]) return { turn: inserted[0], created: true };
  return { turn: (await findTurn(tx, input.callId, input.turn))!, created: false };
}

export async function markHeld(tx: Tx, turnId: string): Promise<void> {
  await tx.$executeRaw`UPDATE call_turns SET held = true WHERE id = ${turnId}::uuid`;
}

/** Don't-know answers in a row that hand the caller over. */
export const DONT_KNOW_LIMIT = 2;

/** Dial the fallback number while the line is open and has one; otherwise take a message. */
export const handoverOf = (line: FlowLine, at: Date): 'dial' | 'voicemail' =>
  line.fallbackPhone && isOpen(line, at) ? 'dial' : 'voicemail';

export type TurnResult =
  { kind: 'answer'; answer: Answer } | { kind: 'failed'; reason: string } | { kind: 'transfer' };

/** What a completed turn leaves for the TwiML: the answer to say, or the call handed over. */
export type CompletedTurn = {
  status: TurnStatus;
  answerText: string | null;
  transferred: boolean;
  voicemail: boolean;
};

/**
 * Completes a turn that is still pending (an operator request is opened complete): its status,
 * the answer with sources, answerer and latency, the call's don't-know streak and, when the turn
 * hands the caller over, the call's transferred / voicemail flag — one statement. Exactly once: a
 * second completion (the answer arriving after the flow gave up on it) changes nothing (null).
 */
export async function completeTurn(
  tx: Tx,
  input: { call: FlowCall; turnId: string; result: TurnResult; at: Date },
): Promise<CompletedTurn | null> {
  const { call, result } = input;
  const status: TurnStatus =
    result.kind === 'failed'
      ? 'failed'
      : result.kind === 'transfer'
        ? 'transfer'
        : result.answer.known
          ? 'answered'
          : 'unknown';
  const answer = result.kind === 'answer' ? result.answer : null;
  const unknown = status === 'unknown';
  const forced = status === 'failed' || status === 'transfer';
  const choice = call.line ? handoverOf(call.line, input.at) : null;
  // The streak and the flags are computed from the row as it is (the UPDATE locks it), so a
  // retry racing this turn cannot count a don't-know twice.
  const rows = await tx.$queryRaw<{ transferred: boolean; voicemail: boolean }[]>`
    WITH turn AS (
      UPDATE call_turns SET status = ${status}, answer_text = ${answer?.text ?? null},
             sources = ${JSON.stringify(answer?.sources ?? [])}::jsonb, answerer = ${answer?.answerer ?? null},
             fell_back = ${answer?.fellBack ?? false}, latency_ms = ${answer ? Math.round(answer.latencyMs) : null},
             answered_at = ${input.at}
       WHERE id = ${input.turnId}::uuid AND status = 'pending'
      RETURNING id
    )
    UPDATE calls SET
      dont_know_streak = CASE WHEN ${unknown} THEN dont_know_streak + 1 ELSE 0 END,
      transferred = transferred OR (${choice === 'dial'} AND (${forced} OR (${unknown} AND dont_know_streak + 1 >= ${DONT_KNOW_LIMIT}))),
      voicemail = voicemail OR (${choice === 'voicemail'} AND (${forced} OR (${unknown} AND dont_know_streak + 1 >= ${DONT_KNOW_LIMIT}))),
      updated_at = now()
     WHERE id = ${call.id}::uuid AND (${status === 'transfer'} OR EXISTS (SELECT 1 FROM turn))
    RETURNING transferred, voicemail`;
  const flags = rows[0];
  if (!flags) return null;
  getMetrics().callTurnsTotal.inc({ answerer: answer?.answerer ?? 'none', outcome: status });
  return { status, answerText: answer?.text ?? null, ...flags };
}

/** A voicemail's recording (the <Record> action or its recordingStatusCallback). */
export async function recordVoicemail(
  tx: Tx,
  input: { callId: string; url: string | null; seconds: number | null },
): Promise<void> {
  await tx.$executeRaw`
    UPDATE calls SET voicemail = true,
           recording_url = COALESCE(${input.url}, recording_url),
           recording_seconds = COALESCE(${input.seconds}, recording_seconds),
           updated_at = now()
     WHERE id = ${input.callId}::uuid`;
}
