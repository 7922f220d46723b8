// A call answered by the OpenAI-compatible answerer, against the local chat-completions simulator
// over real HTTP: a slow model makes the caller hear the holding phrase and then the answer; a
// model slower than every hold hands the caller over; a failing model falls back to the built-in
// answerer, counted. In no case is the call dropped.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  placeCall,
  say,
  spoken,
  type VoiceCall,
} from '../../src/server/simulators/twilio/voice-call';
import {
  clearOpenAiBehaviours,
  setOpenAiBehaviour,
} from '../../src/server/simulators/openai/behaviour';
import { resetEnvForTests } from '../../src/server/env';
import { createTenant, ownerQuery, type TestTenant } from '../helpers/fixtures';
import { startOpenAiSimulator, type OpenAiSimulator } from '../helpers/openai-simulator';
import { metricValue } from '../webhooks/helpers';
import { addArticles, driverContext, setUpLine } from './helpers';

const CALLER = '+4915112345678';
let sim: OpenAiSimulator;
let tenant: TestTenant;

beforeAll(async () => {
  sim = await startOpenAiSimulator({ timeoutMs: 3_000 });
  process.env.VOICE_ANSWER_BUDGET_MS = '400';
  process.env.VOICE_MAX_HOLDS = '3';
  resetEnvForTests();
  tenant = await createTenant('callflow-llm');
  await addArticles(tenant, [
    {
      language: 'en',
      title: 'Refunds',
      body: 'Refunds are paid back to your card within five working days.',
    },
  ]);
});
afterAll(async () => {
  await sim.close();
  delete process.env.VOICE_ANSWER_BUDGET_MS;
  delete process.env.VOICE_MAX_HOLDS;
  resetEnvForTests();
});
afterEach(() => clearOpenAiBehaviours());

/** What the caller heard, exchange by exchange, with the step that asked. */
const heardSteps = (call: VoiceCall) =>
  call.exchanges.map((e) => ({
    step: e.step,
    said: e.heard.flatMap((h) => (h.verb === 'say' ? [h.text] : [])),
  }));

const turnOf = async (callSid: string) =>
  (
    await ownerQuery<{
      status: string;
      held: boolean;
      answerer: string | null;
      fell_back: boolean;
    }>(
      `SELECT t.status, t.held, t.answerer, t.fell_back FROM call_turns t JOIN calls c ON c.id = t.call_id WHERE c.call_sid = $1`,
      [callSid],
    )
  )[0]!;

/** The answer still running after the caller was handed over finishes before the test ends. */
async function answerRecorded(question: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const rows = await ownerQuery('SELECT 1 FROM answer_records WHERE question = $1', [question]);
    if (rows.length) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('a call with a slow or failing model', () => {
  it('slow model: the caller hears the holding phrase, then the answer, on the same call', async () => {
    const { connection } = await setUpLine(tenant, { phone: '+4930222000001' });
    const ctx = driverContext(connection);
    await setOpenAiBehaviour('*', { mode: 'slow', delayMs: 700 });
    let call = await placeCall({ url: connection.url, from: CALLER, to: '+4930222000001' }, ctx);
    call = await say(call, 'How long does a refund take?', ctx);
    expect(call.phase).toBe('listening');
    const steps = heardSteps(call).slice(1);
    expect(steps[0]).toEqual({ step: 'gather', said: ['One moment, please.'] });
    expect(steps.at(-1)!.step).toBe('hold');
    expect(steps.at(-1)!.said[0]).toContain('five working days');
    expect(await turnOf(call.callSid)).toEqual({
      status: 'answered',
      held: true,
      answerer: 'openai',
      fell_back: false,
    });
  });

  it('a model slower than every hold: the caller is handed over, not dropped', async () => {
    const { connection } = await setUpLine(tenant, { phone: '+4930222000002' });
    const ctx = driverContext(connection);
    await setOpenAiBehaviour('*', { mode: 'slow', delayMs: 3_000 });
    let call = await placeCall({ url: connection.url, from: CALLER, to: '+4930222000002' }, ctx);
    call = await say(call, 'How quickly is a refund paid?', ctx);
    expect(call.phase).toBe('transferred');
    expect(heardSteps(call).slice(1)).toEqual([
      { step: 'gather', said: ['One moment, please.'] },
      { step: 'hold', said: ['One moment, please.'] },
      { step: 'hold', said: ['One moment, please.'] },
      { step: 'hold', said: ['Let me connect you with a colleague.'] },
    ]);
    await answerRecorded('How quickly is a refund paid?');
    // The late answer does not overwrite the turn the flow gave up on.
    expect(await turnOf(call.callSid)).toMatchObject({ status: 'failed', held: true });
  });

  it('a failing model falls back to the built-in answerer, counted; the caller hears the answer', async () => {
    const { connection } = await setUpLine(tenant, { phone: '+4930222000003' });
    const ctx = driverContext(connection);
    await setOpenAiBehaviour('*', { mode: 'fail', status: 500 });
    const before = await metricValue('answerer_fallbacks_total', {});
    let call = await placeCall({ url: connection.url, from: CALLER, to: '+4930222000003' }, ctx);
    call = await say(call, 'When will my refund be paid?', ctx);
    expect(call.phase).toBe('listening');
    expect(spoken(call).some((s) => s.includes('five working days'))).toBe(true);
    expect(await metricValue('answerer_fallbacks_total', {})).toBe(before + 1);
    expect(await turnOf(call.callSid)).toMatchObject({
      status: 'answered',
      answerer: 'builtin',
      fell_back: true,
    });
  });
});
