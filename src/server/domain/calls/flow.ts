// The call flow: the TwiML each step of a call gets back, synchronously, while the caller waits.
//   incoming  → the line's greeting and a <Gather> (speech and keys) in the line's language
//   gather    → the caller's words answered from the tenant's knowledge (<Say>) and the next
//               <Gather>; "operator", 0, two don't-knows in a row or a failed answer hand over:
//               <Dial> the line's fallback number while open, else <Record> a voicemail
//   hold      → an answer slower than the budget: a holding phrase, a pause and a <Redirect>
//               here, which waits for the answer still being computed (at most VOICE_MAX_HOLDS)
//   recorded  → the voicemail's recording is kept; goodbye
// Every step is keyed by the turn it belongs to, so Twilio's retries re-read the same turn and
// never open a second one or answer twice.
import { withTenantTx } from '../../db/tx';
import { getEnv } from '../../env';
import { logger } from '../../obs/logger';
import type { TwilioEvent } from '../../providers/twilio/events';
import { renderVoicePlan, type VoicePlan } from '../../providers/twilio/voice-twiml';
import { maskPhone } from '@/lib/schemas/phone-mask';
import { answerQuestion, type Answer, type AnswerRequest } from '../answering';
import { asksForOperator, phrase } from './phrases';
import {
  completeTurn,
  findTurn,
  handoverOf,
  markHeld,
  openCall,
  openTurn,
  recordVoicemail,
  type CompletedTurn,
  type FlowCall,
  type FlowLine,
  type TurnResult,
  type TurnRow,
} from './turns';

export type VoiceStepEvent = Extract<TwilioEvent, { kind: 'voice.step' }>;

export type FlowOptions = {
  /** The answering engine (answerQuestion); a test may hand in one wrapped around it. */
  answer?: (request: AnswerRequest) => Promise<Answer>;
  /** How long a turn waits for its answer before the caller hears the holding phrase. */
  budgetMs?: number;
  /** Hold polls before the caller is handed over. */
  maxHolds?: number;
  /** The absolute URL of the recorded step, for <Record recordingStatusCallback>. */
  recordedUrl?: string;
  now?: () => Date;
};

/** Asks again after this many silent <Gather>s in a row, then says goodbye. */
const SILENCE_LIMIT = 2;
/** How often a hold poll in another process than the answer's looks at the turn row. */
const POLL_MS = 100;

/**
 * Answers still being computed in this process, by turn id: a hold poll (or a retried Gather)
 * waits on the promise instead of polling the row.
 */
const inflight = new Map<string, Promise<unknown>>();

export async function respondToVoiceStep(
  tenantId: string,
  event: VoiceStepEvent,
  options: FlowOptions = {},
): Promise<string> {
  const env = getEnv();
  const settings = {
    answer: options.answer ?? answerQuestion,
    budgetMs: options.budgetMs ?? env.VOICE_ANSWER_BUDGET_MS,
    maxHolds: options.maxHolds ?? env.VOICE_MAX_HOLDS,
    recordedUrl: options.recordedUrl,
    now: options.now ?? (() => new Date()),
  };
  // The call and, for a question, its turn: one transaction (the hot path of every turn).
  const operator = asksForOperator(event.speech, event.digits);
  const asks =
    event.step.step === 'gather' && event.step.turn >= 1 && (event.speech || event.digits);
  const { call, opened } = await withTenantTx(tenantId, async (tx) => {
    const call = await openCall(tx, { tenantId, ...event });
    const opened =
      asks && call.line
        ? await openTurn(tx, {
            tenantId,
            callId: call.id,
            turn: event.step.turn,
            callerText: event.speech ?? '',
            digits: event.digits,
            confidence: event.confidence,
            status: operator ? 'transfer' : 'pending',
          })
        : null;
    return { call, opened };
  });
  const line = call.line;
  if (!line) {
    // Not a number of this tenant's lines (or the line was removed).
    logger.info(
      { callSid: event.callSid, to: event.to ? maskPhone(event.to) : null },
      'call to a number that is no voice line',
    );
    return renderVoicePlan({ kind: 'hangup', language: 'en', say: phrase('en', 'notInService') });
  }
  const flow = new Flow(tenantId, call, line, settings);
  switch (event.step.step) {
    case 'incoming':
      return flow.greet();
    case 'gather':
      return flow.gather(event, opened, operator);
    case 'hold':
      return flow.hold(event.step.turn, event.step.attempt);
    case 'recorded':
      return flow.recorded(event);
  }
}

type Settings = Required<Omit<FlowOptions, 'recordedUrl'>> & { recordedUrl?: string };

class Flow {
  constructor(
    private readonly tenantId: string,
    private call: FlowCall,
    private readonly line: FlowLine,
    private readonly settings: Settings,
  ) {}

  private get language() {
    return this.line.language;
  }

  private render(plan: VoicePlan): string {
    return renderVoicePlan(plan);
  }

  greet(): string {
    if (this.call.transferred || this.call.voicemail) return this.handover();
    return this.render({
      kind: 'gather',
      language: this.language,
      say: [this.line.greeting],
      turn: 1,
    });
  }

  async gather(
    event: VoiceStepEvent,
    opened: { turn: TurnRow; created: boolean } | null,
    operator: boolean,
  ): Promise<string> {
    const { turn, attempt } = event.step;
    if (turn < 1) return this.greet();
    if (!opened) {
      // Silence: ask again on the same turn, then give up politely.
      if (attempt + 1 >= SILENCE_LIMIT)
        return this.render({
          kind: 'hangup',
          language: this.language,
          say: phrase(this.language, 'goodbye'),
        });
      return this.render({
        kind: 'gather',
        language: this.language,
        say: [phrase(this.language, 'notHeard')],
        turn,
        attempt: attempt + 1,
      });
    }
    if (!opened.created) return this.hold(turn, 0, opened.turn);
    if (operator) {
      const done = await this.complete(opened.turn.id, { kind: 'transfer' });
      return done ? this.renderTurn(turn, done) : this.afterTurn(turn);
    }
    const answering = this.answer(opened.turn.id, event.speech ?? event.digits ?? '');
    const ready = await settledWithin(answering, this.settings.budgetMs);
    if (ready.settled)
      return ready.value ? this.renderTurn(turn, ready.value) : this.afterTurn(turn);
    await withTenantTx(this.tenantId, (tx) => markHeld(tx, opened.turn.id));
    return this.holdPlan(turn, 1);
  }

  /** A hold poll (attempt ≥ 1), or a retried Gather (attempt 0) of a turn already opened. */
  async hold(turn: number, attempt: number, known?: TurnRow): Promise<string> {
    let row =
      known ?? (await withTenantTx(this.tenantId, (tx) => findTurn(tx, this.call.id, turn)));
    if (!row) return this.greet();
    if (row.status === 'pending') row = await this.waitFor(row, this.settings.budgetMs);
    if (row.status === 'pending') {
      if (attempt < this.settings.maxHolds) return this.holdPlan(turn, attempt + 1);
      // The answer never came: the caller is handed over rather than held any longer.
      await this.complete(row.id, { kind: 'failed', reason: 'the answer did not arrive in time' });
    }
    return this.afterTurn(turn);
  }

  async recorded(event: VoiceStepEvent): Promise<string> {
    await withTenantTx(this.tenantId, (tx) =>
      recordVoicemail(tx, {
        callId: this.call.id,
        url: event.recordingUrl,
        seconds: event.recordingSeconds,
      }),
    );
    return this.render({
      kind: 'hangup',
      language: this.language,
      say: phrase(this.language, 'goodbye'),
    });
  }

  /** Starts the answer; whoever finishes first (it, or a give-up) completes the turn. */
  private answer(turnId: string, question: string): Promise<CompletedTurn | null> {
    const running = this.settings
      .answer({ tenantId: this.tenantId, question, language: this.language, channel: 'voice' })
      .then(
        (answer): TurnResult => ({ kind: 'answer', answer }),
        (error: unknown): TurnResult => ({
          kind: 'failed',
          reason: error instanceof Error ? error.message : String(error),
        }),
      )
      .then((result) => {
        if (result.kind === 'failed')
          logger.warn({ callId: this.call.id, reason: result.reason }, 'call turn not answered');
        return this.complete(turnId, result);
      })
      .catch((error: unknown) => {
        logger.error({ err: error, turnId }, 'call turn not stored');
        return null;
      })
      .finally(() => inflight.delete(turnId));
    inflight.set(turnId, running);
    return running;
  }

  private complete(turnId: string, result: TurnResult): Promise<CompletedTurn | null> {
    return withTenantTx(this.tenantId, (tx) =>
      completeTurn(tx, { call: this.call, turnId, result, at: this.settings.now() }),
    );
  }

  /** Waits up to `ms` for a pending turn: on its promise here, or by reading its row. */
  private async waitFor(row: TurnRow, ms: number): Promise<TurnRow> {
    const local = inflight.get(row.id);
    const deadline = Date.now() + ms;
    if (local) await settledWithin(local, ms);
    let current = row;
    for (;;) {
      current =
        (await withTenantTx(this.tenantId, (tx) => findTurn(tx, this.call.id, row.turn))) ??
        current;
      if (current.status !== 'pending' || local || Date.now() >= deadline) return current;
      await sleep(Math.min(POLL_MS, deadline - Date.now()));
    }
  }

  /** What the caller hears once turn `turn` is complete, read back from its row. */
  private async afterTurn(turn: number): Promise<string> {
    const read = await withTenantTx(this.tenantId, async (tx) => {
      const flags = await tx.$queryRaw<{ transferred: boolean; voicemail: boolean }[]>`
        SELECT transferred, voicemail FROM calls WHERE id = ${this.call.id}::uuid`;
      const row = await findTurn(tx, this.call.id, turn);
      return row && flags[0] ? { ...row, ...flags[0] } : null;
    });
    return read ? this.renderTurn(turn, read) : this.handover();
  }

  /** The answer and the next question, or the hand-over the turn led to. */
  private renderTurn(turn: number, done: CompletedTurn): string {
    this.call = { ...this.call, transferred: done.transferred, voicemail: done.voicemail };
    if (done.transferred || done.voicemail || done.status === 'pending') return this.handover();
    const say = done.answerText ? [done.answerText] : [];
    if (done.status === 'answered') say.push(phrase(this.language, 'anythingElse'));
    return this.render({ kind: 'gather', language: this.language, say, turn: turn + 1 });
  }

  /** <Dial> the fallback number, or <Record> a voicemail (the call's flag says which was chosen). */
  private handover(): string {
    const choice = this.call.voicemail
      ? 'voicemail'
      : this.call.transferred && this.line.fallbackPhone
        ? 'dial'
        : handoverOf(this.line, this.settings.now());
    if (choice === 'dial' && this.line.fallbackPhone)
      return this.render({
        kind: 'dial',
        language: this.language,
        say: phrase(this.language, 'transfer'),
        number: this.line.fallbackPhone,
      });
    return this.render({
      kind: 'voicemail',
      language: this.language,
      say: phrase(this.language, 'voicemail'),
      ...(this.settings.recordedUrl ? { recordingStatusCallback: this.settings.recordedUrl } : {}),
    });
  }

  private holdPlan(turn: number, attempt: number): string {
    return this.render({
      kind: 'hold',
      language: this.language,
      say: phrase(this.language, 'holding'),
      turn,
      attempt,
    });
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** The promise's value when it settled within `ms` (it keeps running either way). */
async function settledWithin<T>(
  promise: Promise<T>,
  ms: number,
): Promise<{ settled: true; value: T } | { settled: false }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<{ settled: false }>((resolve) => {
    timer = setTimeout(() => resolve({ settled: false }), ms);
  });
  try {
    return await Promise.race([
      promise.then((value) => ({ settled: true as const, value })),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
