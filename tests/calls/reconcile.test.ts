// The reconciler: a call whose status callbacks never arrived is asked about at the Twilio
// simulator's Calls API through the twilio SDK over real HTTP, and what it answers is applied
// through the status path (outcome, timeline with source reconciler). A call still in progress
// at Twilio stays open; one Twilio does not know is left alone; a late real callback changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hangUp,
  placeCall,
  say,
  type VoiceCall,
} from '../../src/server/simulators/twilio/voice-call';
import { reconcileCalls } from '../../src/server/domain/calls/reconcile';
import { getCallsClient } from '../../src/server/simulators/clients';
import { createTenant, ownerQuery, type TestTenant } from '../helpers/fixtures';
import { send } from '../webhooks/helpers';
import { startTestApp, useHttpTwilioSimulator, type TestApp } from '../twilio-messaging/server';
import { addArticles, driverContext, setUpLine } from './helpers';
import { Logger, runOnce } from 'graphile-worker';
import { buildTaskList } from '../../src/worker/task-list';

const runJobs = () =>
  runOnce({
    connectionString: process.env.DATABASE_URL,
    taskList: buildTaskList(),
    concurrency: 4,
    noHandleSignals: true,
    logger: new Logger(() => () => undefined),
  });

let app: TestApp;
let tenant: TestTenant;
beforeAll(async () => {
  useHttpTwilioSimulator();
  app = await startTestApp();
  tenant = await createTenant('calls-reconcile');
  await addArticles(tenant, [
    {
      language: 'en',
      title: 'Opening hours',
      body: 'We are open Monday to Friday from 9 am to 6 pm.',
    },
  ]);
});
afterAll(() => app.close());

const row = async (callSid: string) =>
  (
    await ownerQuery<{
      status: string;
      outcome: string | null;
      duration_seconds: number | null;
      reconciled: boolean;
    }>(
      `SELECT status, outcome, duration_seconds, reconciled_at IS NOT NULL AS reconciled FROM calls WHERE call_sid = $1`,
      [callSid],
    )
  )[0]!;

describe('calls reconciler', () => {
  it('closes a call stuck in progress from what the Calls API says, through the status path', async () => {
    const { connection } = await setUpLine(tenant, { phone: '+4930333000001' });
    // Callbacks held back: only in-progress ever reaches us, the completed one is lost.
    const ctx = driverContext(connection, { callbacks: 'hold' });
    let call: VoiceCall = await placeCall(
      { url: connection.url, from: '+4915112345678', to: '+4930333000001' },
      ctx,
    );
    call = await say(call, 'When are you open?', ctx);
    call = await hangUp(call, ctx);
    const inProgress = call.heldCallbacks.find((d) => d.body.includes('CallStatus=in-progress'))!;
    expect((await send('twilio', inProgress)).status).toBe(200);
    await runJobs();
    expect(await row(call.callSid)).toMatchObject({ status: 'in-progress', outcome: null });

    // Still active at Twilio: a second call, never hung up.
    let open = await placeCall(
      { url: connection.url, from: '+4915112345679', to: '+4930333000001' },
      ctx,
    );
    open = await say(open, 'When are you open?', ctx);

    // Too recent: nothing is asked.
    expect(await reconcileCalls({ client: getCallsClient(), olderThanMinutes: 15 })).toMatchObject({
      examined: 0,
    });
    const later = new Date(Date.now() + 20 * 60_000);
    const report = await reconcileCalls({
      client: getCallsClient(),
      olderThanMinutes: 15,
      now: later,
    });
    expect(report).toMatchObject({ closed: 1, open: 1 });
    expect(await row(call.callSid)).toMatchObject({
      status: 'completed',
      outcome: 'answered-by-assistant',
      reconciled: true,
    });
    expect(await row(open.callSid)).toMatchObject({
      status: 'ringing',
      outcome: null,
      reconciled: true,
    });
    const timeline = await ownerQuery<{ status: string; source: string }>(
      `SELECT e.status, e.source FROM call_status_events e JOIN calls c ON c.id = e.call_id
        WHERE c.call_sid = $1 ORDER BY e.sequence_number`,
      [call.callSid],
    );
    expect(timeline).toEqual([
      { status: 'in-progress', source: 'callback' },
      { status: 'completed', source: 'reconciler' },
    ]);

    // Asked again straight away: nothing (reconciled_at), and the lost callback arriving late changes nothing.
    expect(
      await reconcileCalls({ client: getCallsClient(), olderThanMinutes: 15, now: later }),
    ).toMatchObject({ examined: 0 });
    for (const delivery of call.heldCallbacks) await send('twilio', delivery);
    await runJobs();
    expect(await row(call.callSid)).toMatchObject({
      status: 'completed',
      outcome: 'answered-by-assistant',
    });
  });

  it('the cron task runs the reconciler', async () => {
    await ownerQuery(`SELECT graphile_worker.add_job('calls.reconcile', '{}'::json)`);
    await runJobs();
    const [job] = await ownerQuery<{ n: number }>(
      `SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = 'calls.reconcile'`,
    );
    expect(job!.n).toBe(0);
  });
});
