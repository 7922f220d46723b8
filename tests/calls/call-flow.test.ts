// Whole calls driven by the Twilio simulator's call driver through the signed webhook route:
// greeting and Gather in the line's language, answers from the tenant's knowledge, hand-over to a
// person (Dial) or voicemail (Record), every turn kept, status callbacks shuffled and duplicated.
import { Logger, runOnce } from 'graphile-worker';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTaskList } from '../../src/worker/task-list';
import {
  hangUp,
  lastHeard,
  placeCall,
  pressDigits,
  say,
  spoken,
} from '../../src/server/simulators/twilio/voice-call';
import { createTenant, ownerQuery, type TestTenant } from '../helpers/fixtures';
import { addArticles, driverContext, setUpLine } from './helpers';

const runJobs = () =>
  runOnce({
    connectionString: process.env.DATABASE_URL,
    taskList: buildTaskList(),
    concurrency: 4,
    noHandleSignals: true,
    logger: new Logger(() => () => undefined),
  });

let tenant: TestTenant;
beforeAll(async () => {
  tenant = await createTenant('callflow');
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
  ]);
});

describe('a call through the simulator', () => {
  it('greets, answers two questions from the knowledge base and keeps the transcript', async () => {
    const { connection } = await setUpLine(tenant, { phone: '+4930111000001' });
    const ctx = driverContext(connection);
    let call = await placeCall(
      { url: connection.url, from: '+4915112345678', to: '+4930111000001' },
      ctx,
    );
    expect(call.phase).toBe('listening');
    expect(lastHeard(call)).toEqual([
      { verb: 'say', text: 'Hello, you are through to the assistant.', language: 'en-US' },
    ]);
    call = await say(call, 'When are you open?', ctx);
    expect(spoken(call).at(-2)).toBe('We are open Monday to Friday from 9 am to 6 pm.');
    call = await say(call, 'How long does a refund take?', ctx);
    expect(spoken(call).at(-2)).toContain('five working days');
    call = await hangUp(call, ctx);
    await runJobs();
    const [row] = await ownerQuery<{ status: string; outcome: string; id: string }>(
      `SELECT id, status, outcome FROM calls WHERE call_sid = $1`,
      [call.callSid],
    );
    expect(row).toMatchObject({ status: 'completed', outcome: 'answered-by-assistant' });
    const turns = await ownerQuery(
      `SELECT turn, caller_text, status, answerer, latency_ms IS NOT NULL AS timed, jsonb_array_length(sources) > 0 AS sourced FROM call_turns WHERE call_id = $1 ORDER BY turn`,
      [row!.id],
    );
    expect(turns).toEqual([
      {
        turn: 1,
        caller_text: 'When are you open?',
        status: 'answered',
        answerer: 'builtin',
        timed: true,
        sourced: true,
      },
      {
        turn: 2,
        caller_text: 'How long does a refund take?',
        status: 'answered',
        answerer: 'builtin',
        timed: true,
        sourced: true,
      },
    ]);
  });

  it('0 hands over to the fallback number', async () => {
    const { connection } = await setUpLine(tenant, { phone: '+4930111000002' });
    const ctx = driverContext(connection);
    let call = await placeCall(
      { url: connection.url, from: '+4915112345678', to: '+4930111000002' },
      ctx,
    );
    call = await pressDigits(call, '0', ctx);
    expect(call.phase).toBe('transferred');
    expect(call.dialled).toBe('+4930999888777');
  });
});
