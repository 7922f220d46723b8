// Whole calls driven by the Twilio simulator's call driver through the signed webhook route:
// greeting and Gather in the line's language, answers from the tenant's knowledge, hand-over to a
// person (Dial) or voicemail (Record), every turn kept, status callbacks shuffled and duplicated,
// a retried Gather answered once, another tenant's knowledge never read.
import { Logger, runOnce } from 'graphile-worker';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTaskList } from '../../src/worker/task-list';
import {
  hangUp,
  lastHeard,
  newCallSid,
  placeCall,
  pressDigits,
  say,
  signedVoiceRequest,
  spoken,
  staySilent,
  type VoiceCall,
} from '../../src/server/simulators/twilio/voice-call';
import { respondToVoiceStep } from '../../src/server/domain/calls/flow';
import { AnswererUnavailableError } from '../../src/server/domain/answering';
import { createTenant, ownerQuery, type TestTenant } from '../helpers/fixtures';
import { metricValue, send } from '../webhooks/helpers';
import { addArticles, driverContext, setUpLine } from './helpers';

const runJobs = () =>
  runOnce({
    connectionString: process.env.DATABASE_URL,
    taskList: buildTaskList(),
    concurrency: 4,
    noHandleSignals: true,
    logger: new Logger(() => () => undefined),
  });

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const CALLER = '+4915112345678';
const FALLBACK = '+4930999888777';

let tenant: TestTenant;
let other: TestTenant;
beforeAll(async () => {
  tenant = await createTenant('callflow');
  other = await createTenant('callflow-other');
  await addArticles(tenant, [
    {
      language: 'en',
      title: 'Opening hours',
      body: 'We are open Monday to Friday from 9 am to 6 pm.',
    },
    {
      language: 'en',
      title: 'Refunds',
      body: 'Refunds are paid back to your card within five working days.',
    },
    {
      language: 'ru',
      title: 'Доставка',
      body: 'Доставка по городу занимает один день, бесплатно от 50 евро.',
    },
  ]);
  await addArticles(other, [
    { language: 'en', title: 'Parking', body: 'Free parking is behind the shop.' },
  ]);
});

const callRow = async (callSid: string) =>
  (
    await ownerQuery<{
      id: string;
      status: string;
      outcome: string | null;
      transferred: boolean;
      voicemail: boolean;
      recording_url: string | null;
      recording_seconds: number | null;
      duration_seconds: number | null;
      from_phone: string | null;
    }>(
      `SELECT id, status, outcome, transferred, voicemail, recording_url, recording_seconds, duration_seconds, from_phone
         FROM calls WHERE call_sid = $1`,
      [callSid],
    )
  )[0]!;

const turnsOf = (callId: string) =>
  ownerQuery<{
    turn: number;
    caller_text: string;
    digits: string | null;
    status: string;
    answerer: string | null;
  }>(
    `SELECT turn, caller_text, digits, status, answerer FROM call_turns WHERE call_id = $1 ORDER BY turn`,
    [callId],
  );

describe('a call through the simulator', () => {
  it('greets in the line language, answers questions from the knowledge base, keeps the transcript; status callbacks shuffled and duplicated', async () => {
    const { connection } = await setUpLine(tenant, { phone: '+4930111000001' });
    const ctx = driverContext(connection, { callbacks: 'hold' });
    let call = await placeCall({ url: connection.url, from: CALLER, to: '+4930111000001' }, ctx);
    expect(call.phase).toBe('listening');
    expect(call.language).toBe('en-US');
    expect(lastHeard(call)).toEqual([
      { verb: 'say', text: 'Hello, you are through to the assistant.', language: 'en-US' },
    ]);
    call = await say(call, 'When are you open?', ctx);
    expect(lastHeard(call).map((h) => (h.verb === 'say' ? h.text : h.verb))).toEqual([
      'We are open Monday to Friday from 9 am to 6 pm.',
      'Is there anything else I can help you with?',
    ]);
    call = await say(call, 'How long does a refund take?', ctx);
    expect(spoken(call).at(-2)).toContain('five working days');
    call = await hangUp(call, ctx);
    // Twilio posts them in no order, some twice.
    expect(call.heldCallbacks).toHaveLength(4);
    for (const [i, delivery] of shuffled(
      [...call.heldCallbacks, ...call.heldCallbacks, call.heldCallbacks[0]!],
      11,
    ).entries()) {
      expect((await send('twilio', delivery)).status).toBe(200);
      if (i % 3 === 0) await runJobs();
    }
    await runJobs();
    const row = await callRow(call.callSid);
    expect(row).toMatchObject({
      status: 'completed',
      outcome: 'answered-by-assistant',
      from_phone: CALLER,
      transferred: false,
    });
    const turns = await ownerQuery(
      `SELECT turn, caller_text, status, answerer, latency_ms IS NOT NULL AS timed, sources->0->>'title' AS source
         FROM call_turns WHERE call_id = $1 ORDER BY turn`,
      [row.id],
    );
    expect(turns).toEqual([
      {
        turn: 1,
        caller_text: 'When are you open?',
        status: 'answered',
        answerer: 'builtin',
        timed: true,
        source: 'Opening hours',
      },
      {
        turn: 2,
        caller_text: 'How long does a refund take?',
        status: 'answered',
        answerer: 'builtin',
        timed: true,
        source: 'Refunds',
      },
    ]);
    const timeline = await ownerQuery<{ sequence_number: number; status: string }>(
      `SELECT sequence_number, status FROM call_status_events WHERE call_id = $1 ORDER BY sequence_number`,
      [row.id],
    );
    expect(timeline.map((e) => e.status)).toEqual([
      'initiated',
      'ringing',
      'in-progress',
      'completed',
    ]);
  });

  it('speaks the line language: a Russian line greets and listens in ru-RU and answers in Russian', async () => {
    const { connection } = await setUpLine(tenant, {
      phone: '+4930111000011',
      language: 'ru',
      greeting: 'Здравствуйте! Чем могу помочь?',
    });
    const ctx = driverContext(connection);
    let call = await placeCall({ url: connection.url, from: CALLER, to: '+4930111000011' }, ctx);
    expect(call.language).toBe('ru-RU');
    expect(lastHeard(call)).toEqual([
      { verb: 'say', text: 'Здравствуйте! Чем могу помочь?', language: 'ru-RU' },
    ]);
    call = await say(call, 'Сколько времени занимает доставка?', ctx);
    expect(spoken(call).at(-2)).toContain('Доставка по городу');
    expect(spoken(call).at(-1)).toBe('Могу ли я помочь чем-то ещё?');
  });

  it('"operator" and the 0 key hand over to the fallback number; the call ends transferred', async () => {
    const { connection } = await setUpLine(tenant, { phone: '+4930111000002' });
    const ctx = driverContext(connection);
    for (const ask of [
      (c: VoiceCall) => say(c, 'Can I talk to an operator please', ctx),
      (c: VoiceCall) => pressDigits(c, '0', ctx),
    ]) {
      let call = await placeCall({ url: connection.url, from: CALLER, to: '+4930111000002' }, ctx);
      call = await ask(call);
      expect(call.phase).toBe('transferred');
      expect(call.dialled).toBe(FALLBACK);
      expect(spoken(call).at(-1)).toBe('Let me connect you with a colleague.');
      call = await hangUp(call, ctx);
      await runJobs();
      const row = await callRow(call.callSid);
      expect(row).toMatchObject({ outcome: 'transferred', transferred: true });
      expect((await turnsOf(row.id)).map((t) => t.status)).toEqual(['transfer']);
    }
  });

  it('two "don\'t know" answers in a row hand over; one known answer in between resets the count', async () => {
    const { connection } = await setUpLine(tenant, { phone: '+4930111000003' });
    const ctx = driverContext(connection);
    let call = await placeCall({ url: connection.url, from: CALLER, to: '+4930111000003' }, ctx);
    call = await say(call, 'Do you sell bicycles?', ctx);
    expect(call.phase).toBe('listening');
    expect(spoken(call).at(-1)).toBe("Sorry, I don't know the answer to that.");
    call = await say(call, 'When are you open?', ctx);
    call = await say(call, 'Can I bring my dog?', ctx);
    expect(call.phase).toBe('listening');
    call = await say(call, 'Is there a train station nearby?', ctx);
    expect(call.phase).toBe('transferred');
    expect(call.dialled).toBe(FALLBACK);
    const row = await callRow(call.callSid);
    expect((await turnsOf(row.id)).map((t) => t.status)).toEqual([
      'unknown',
      'answered',
      'unknown',
      'unknown',
    ]);
  });

  it('outside business hours the hand-over is a voicemail: <Record>, the recording kept, outcome voicemail', async () => {
    const { connection } = await setUpLine(tenant, { phone: '+4930111000004', hours: 'closed' });
    const ctx = driverContext(connection);
    let call = await placeCall({ url: connection.url, from: CALLER, to: '+4930111000004' }, ctx);
    call = await pressDigits(call, '0', ctx);
    expect(call.phase).toBe('recording');
    expect(spoken(call).at(-1)).toBe(
      'Nobody can take your call right now. Please leave a message after the tone.',
    );
    call = await hangUp(call, ctx, { messageSeconds: 12 });
    expect(spoken(call).at(-1)).toBe('Thank you for calling. Goodbye.');
    await runJobs();
    const row = await callRow(call.callSid);
    expect(row).toMatchObject({ outcome: 'voicemail', voicemail: true, recording_seconds: 12 });
    expect(row.recording_url).toMatch(/\/Recordings\/RE[0-9a-f]{32}$/);
  });

  it('a line without a fallback number takes a voicemail even while open', async () => {
    const { connection } = await setUpLine(tenant, {
      phone: '+4930111000005',
      fallbackPhone: null,
    });
    const ctx = driverContext(connection);
    let call = await placeCall({ url: connection.url, from: CALLER, to: '+4930111000005' }, ctx);
    call = await pressDigits(call, '0', ctx);
    expect(call.phase).toBe('recording');
  });

  it('a Gather Twilio retries opens one turn and answers once, with the same TwiML', async () => {
    const { connection } = await setUpLine(tenant, { phone: '+4930111000006' });
    const ctx = driverContext(connection);
    const call = await placeCall({ url: connection.url, from: CALLER, to: '+4930111000006' }, ctx);
    const delivery = signedVoiceRequest(
      call,
      call.action!,
      'in-progress',
      { SpeechResult: 'How many days does a refund take?', Confidence: '0.9' },
      connection.secret,
    );
    const answers = await Promise.all([send('twilio', delivery), send('twilio', delivery)]);
    const again = await send('twilio', delivery);
    const bodies = await Promise.all([...answers, again].map((r) => r.text()));
    expect(new Set(bodies).size).toBe(1);
    expect(bodies[0]).toContain('five working days');
    const row = await callRow(call.callSid);
    expect(await turnsOf(row.id)).toHaveLength(1);
    const [{ n }] = (await ownerQuery<{ n: number }>(
      `SELECT count(*)::int AS n FROM answer_records WHERE tenant_id = $1 AND question = 'How many days does a refund take?' AND channel = 'voice'`,
      [tenant.tenantId],
    )) as [{ n: number }];
    expect(n).toBe(1);
  });

  it('silence is asked about once, then the call is ended politely', async () => {
    const { connection } = await setUpLine(tenant, { phone: '+4930111000007' });
    const ctx = driverContext(connection);
    let call = await placeCall({ url: connection.url, from: CALLER, to: '+4930111000007' }, ctx);
    call = await staySilent(call, ctx);
    expect(call.phase).toBe('listening');
    expect(spoken(call).at(-1)).toBe("Sorry, I didn't catch that. What can I help you with?");
    call = await say(call, 'When are you open?', ctx);
    expect(spoken(call).at(-2)).toContain('Monday to Friday');
    call = await staySilent(call, ctx);
    call = await staySilent(call, ctx);
    expect(call.phase).toBe('ended');
    expect(spoken(call).at(-1)).toBe('Thank you for calling. Goodbye.');
  });

  it("a call to one tenant's line never reads another tenant's knowledge, and another tenant's number is no line", async () => {
    const { connection } = await setUpLine(other, { phone: '+4930111000008' });
    const ctx = driverContext(connection);
    let call = await placeCall({ url: connection.url, from: CALLER, to: '+4930111000008' }, ctx);
    call = await say(call, 'How long does a refund take?', ctx);
    expect(spoken(call).at(-1)).toBe("Sorry, I don't know the answer to that.");
    expect(JSON.stringify(call.exchanges)).not.toContain('five working days');
    call = await say(call, 'Where can I park?', ctx);
    expect(spoken(call).at(-2)).toBe('Free parking is behind the shop.');
    // The other tenant's connection receiving a call to this tenant's number: not a line there.
    const stranger = await placeCall(
      { url: connection.url, from: CALLER, to: '+4930111000001' },
      ctx,
    );
    expect(stranger.phase).toBe('ended');
    expect(spoken(stranger)).toEqual(['This number is not in service.']);
  });

  it('an answerer that fails hands the caller over, counted as a failed turn', async () => {
    const { connection } = await setUpLine(tenant, { phone: '+4930111000009' });
    const ctx = driverContext(connection);
    const call = await placeCall({ url: connection.url, from: CALLER, to: '+4930111000009' }, ctx);
    const before = await metricValue('call_turns_total', { answerer: 'none', outcome: 'failed' });
    const twiml = await respondToVoiceStep(
      tenant.tenantId,
      {
        kind: 'voice.step',
        step: { step: 'gather', turn: 1, attempt: 0 },
        callSid: call.callSid,
        status: 'in-progress',
        from: CALLER,
        to: '+4930111000009',
        direction: 'inbound',
        speech: 'When are you open?',
        digits: null,
        confidence: 0.9,
        recordingUrl: null,
        recordingSeconds: null,
      },
      {
        answer: () => Promise.reject(new AnswererUnavailableError('the knowledge base is down')),
      },
    );
    expect(twiml).toContain(`<Dial timeout="25">${FALLBACK}</Dial>`);
    expect(await metricValue('call_turns_total', { answerer: 'none', outcome: 'failed' })).toBe(
      before + 1,
    );
    const row = await callRow(call.callSid);
    expect(row.transferred).toBe(true);
    expect((await turnsOf(row.id)).map((t) => t.status)).toEqual(['failed']);
  });

  it('a call with no line answers "not in service" and a fresh CallSid leaves no turn behind', async () => {
    const { connection } = await setUpLine(tenant, { phone: '+4930111000010' });
    const ctx = driverContext(connection);
    const call = await placeCall(
      { url: connection.url, from: CALLER, to: '+4930111999999', callSid: newCallSid() },
      ctx,
    );
    expect(call.phase).toBe('ended');
    expect(spoken(call)).toEqual(['This number is not in service.']);
    expect(await turnsOf((await callRow(call.callSid)).id)).toEqual([]);
  });
});
