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
  const call = await withTenantTx(tenantId, (tx) => openCall(tx, { tenantId, ...event }));
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
      return flow.gather(event);
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

  async gather(event: VoiceStepEvent): Promise<string> {
    const { turn, attempt } = event.step;
    if (turn < 1) return this.greet();
    const speech = event.speech;
    const digits = event.digits;
    if (!speech && !digits) {
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
    const operator = asksForOperator(speech, digits);
    const opened = await withTenantTx(this.tenantId, (tx) =>
      openTurn(tx, {
        tenantId: this.tenantId,
        callId: this.call.id,
        turn,
        callerText: speech ?? '',
        digits,
        confidence: event.confidence,
        status: operator ? 'transfer' : 'pending',
      }),
    );
    if (!opened.created) return this.hold(turn, 0, opened.turn);
    if (operator) {
      await this.complete(opened.turn.id, { kind: 'transfer' });
      return this.handover();
    }
    const answering = this.answer(opened.turn.id, speech ?? digits ?? '');
    const ready = await settledWithin(answering, this.settings.budgetMs);
    if (ready) return this.afterTurn(turn);
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
  private answer(turnId: string, question: string): Promise<unknown> {
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
      .catch((error: unknown) => logger.error({ err: error, turnId }, 'call turn not stored'))
      .finally(() => inflight.delete(turnId));
    inflight.set(turnId, running);
    return running;
  }

  private complete(turnId: string, result: TurnResult): Promise<boolean> {
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

  /** What the caller hears once turn `turn` is complete: its answer and the next question, or a person. */
  private async afterTurn(turn: number): Promise<string> {
    const row = await withTenantTx(this.tenantId, async (tx) => {
      const flags = await tx.$queryRaw<{ transferred: boolean; voicemail: boolean }[]>`
        SELECT transferred, voicemail FROM calls WHERE id = ${this.call.id}::uuid`;
      this.call = { ...this.call, ...flags[0] };
      return findTurn(tx, this.call.id, turn);
    });
    if (!row || this.call.transferred || this.call.voicemail) return this.handover();
    const say = row.answerText ? [row.answerText] : [];
    if (row.status === 'answered') say.push(phrase(this.language, 'anythingElse'));
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

/** True when `promise` settled within `ms` (it keeps running either way). */
async function settledWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
