// The simulator's delivery reports: the simulator.twilio-status job posts `sent` and the final
// status, signed with the tenant connection's token, over HTTP to the real Twilio webhook
// ingest, which stores each transition once (event id MessageSid:status).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyFromCallbackUrl } from '../../src/server/providers/twilio/messaging';
import { getSmsSender } from '../../src/server/simulators/clients';
import { loadSimulatedMessage } from '../../src/server/simulators/twilio/message-log';
import {
  postStatusCallback,
  statusCallbackDelivery,
} from '../../src/server/simulators/twilio/status-callbacks';
import { twilioCallbackAuthToken } from '../../src/server/simulators/twilio/callback-token';
import { createTenant, ownerQuery } from '../helpers/fixtures';
import { createConnection, eventsOf, type TestConnection } from '../webhooks/helpers';
import { runDueJobs } from '../kernel/support';
import { useHttpTwilioSimulator, startTestApp, type TestApp } from './server';

let app: TestApp;
let connection: TestConnection;
let callbackUrl: string;

beforeAll(async () => {
  useHttpTwilioSimulator({
    SIM_TWILIO_STATUS_DELAY_MS: '0',
  });
  app = await startTestApp();
  const tenant = await createTenant('twsim');
  connection = await createConnection(tenant, 'twilio');
  callbackUrl = `${app.origin}/api/webhooks/twilio/${connection.publicId}`;
});
afterAll(async () => app.close());

async function sendOk(to: string, key: string): Promise<string> {
  const result = await getSmsSender().send({
    to,
    body: `Your code is ${key}`,
    statusCallback: callbackUrl,
    idempotencyKey: key,
  });
  if (!result.ok) throw new Error(`send failed: ${result.message}`);
  return result.sid;
}

describe('simulated status callbacks into the real ingest', () => {
  it('finds the token of the connection the callback URL names, and nothing for other URLs', async () => {
    expect(await twilioCallbackAuthToken(`${callbackUrl}?sbk=x`)).toBe(connection.secret);
    expect(
      await twilioCallbackAuthToken(`${app.origin}/api/webhooks/twilio/whc_unknown`),
    ).toBeNull();
    expect(await twilioCallbackAuthToken('https://elsewhere.example/status')).toBeNull();
  });

  it('posts sent then delivered, signed; the ingest accepts and stores each once; the log follows', async () => {
    const sid = await sendOk('+4915112347001', 'recipient-a');
    await runDueJobs();
    await runDueJobs();
    const events = await eventsOf(connection);
    const mine = events.filter((e) => e.event_id?.startsWith(sid));
    expect(mine.map((e) => [e.event_id, e.event_type, e.status])).toEqual([
      [`${sid}:sent`, 'message.sent', 'PROCESSED'],
      [`${sid}:delivered`, 'message.delivered', 'PROCESSED'],
    ]);
    expect(mine.every((e) => e.reject_reason === null)).toBe(true);
    const payload = (
      await ownerQuery<{ payload: Record<string, string> }>(
        'SELECT payload FROM webhook_events WHERE id = $1',
        [mine[1]!.id],
      )
    )[0]!.payload;
    expect(payload).toMatchObject({
      MessageSid: sid,
      SmsSid: sid,
      MessageStatus: 'delivered',
      SmsStatus: 'delivered',
      To: '+4915112347001',
      ApiVersion: '2010-04-01',
    });
    expect((await loadSimulatedMessage(sid))?.status).toBe('delivered');
  });

  it('reports the failing subset (numbers ending in 13) as undelivered with error 30003', async () => {
    const sid = await sendOk('+4915112347013', 'recipient-b');
    await runDueJobs();
    const failed = (
      await ownerQuery<{ event_id: string; payload: Record<string, string> }>(
        `SELECT event_id, payload FROM webhook_events WHERE event_id = $1`,
        [`${sid}:undelivered`],
      )
    )[0];
    expect(failed?.payload).toMatchObject({ MessageStatus: 'undelivered', ErrorCode: '30003' });
    expect((await loadSimulatedMessage(sid))?.status).toBe('undelivered');
  });

  it('deduplicates a redelivery and takes an out-of-order one without a second event', async () => {
    const sid = await sendOk('+4915112347002', 'recipient-c');
    await runDueJobs();
    const message = (await loadSimulatedMessage(sid))!;
    expect(keyFromCallbackUrl(message.statusCallback!)).toBe('recipient-c');
    const before = (await eventsOf(connection)).length;
    // Twilio retrying `delivered`, then a late `sent` after it: both answered 200, neither stored again
    expect(
      await postStatusCallback(statusCallbackDelivery(message, 'delivered', connection.secret)),
    ).toBe(200);
    expect(
      await postStatusCallback(statusCallbackDelivery(message, 'sent', connection.secret)),
    ).toBe(200);
    // and concurrently, the same callback several times at once
    const statuses = await Promise.all(
      Array.from({ length: 5 }, () =>
        postStatusCallback(statusCallbackDelivery(message, 'delivered', connection.secret)),
      ),
    );
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const after = await eventsOf(connection);
    expect(after).toHaveLength(before);
    expect(after.filter((e) => e.event_id === `${sid}:delivered`)).toHaveLength(1);
  });

  it('is refused when signed with another token', async () => {
    const sid = await sendOk('+4915112347003', 'recipient-d');
    const message = (await loadSimulatedMessage(sid))!;
    expect(await postStatusCallback(statusCallbackDelivery(message, 'sent', 'f'.repeat(32)))).toBe(
      401,
    );
  });
});
