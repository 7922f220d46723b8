// STOP / START from a handset: a signed Twilio inbound-SMS webhook, through the real route, the
// ingest pipeline and a real graphile-worker pass. Opt-out happens once per event; redelivery
// and replay change nothing; other messages and status callbacks are recorded as applied.
import { describe, expect, it } from 'vitest';
import { callerFor, createTenant, ownerQuery } from '../helpers/fixtures';
import { createConnection, eventsOf, send, uniqueId } from '../webhooks/helpers';
import { runDueJobs } from '../kernel/support';
import {
  twilioInboundSmsBody,
  twilioInboundSmsEventId,
  twilioSimulator,
} from '../../src/server/simulators/twilio/deliveries';
import { auditOf, contactsOf, mobile } from './support';

async function sms(
  connection: Awaited<ReturnType<typeof createConnection>>,
  from: string,
  body: string,
  id = uniqueId(),
) {
  const delivery = twilioSimulator.sign({
    url: connection.url,
    body: twilioInboundSmsBody(id, { from, body }),
    secret: connection.secret,
  });
  const response = await send('twilio', delivery);
  expect(response.status).toBe(200);
  return { id, delivery };
}

describe('inbound SMS keywords', () => {
  it('STOP from an unknown number creates it opted out, exactly once; redelivery and replay change nothing', async () => {
    const tenant = await createTenant('stop-new');
    const c = await createConnection(tenant, 'twilio');
    const { id, delivery } = await sms(c, mobile(1), '  Stop ');
    await runDueJobs();
    const [event] = await eventsOf(c);
    expect(event).toMatchObject({
      event_id: twilioInboundSmsEventId(id),
      event_type: 'message.received',
      status: 'PROCESSED',
    });
    const [contact] = await contactsOf(tenant.tenantId);
    expect(contact).toMatchObject({
      phone: mobile(1),
      opted_out: true,
      opt_out_source: `sms:${twilioInboundSmsEventId(id).split(':')[0]}`,
      consent: 'UNKNOWN',
    });
    const optedOutAt = contact!.opted_out_at;

    // Twilio retries the same delivery, then an operator replays the event.
    await send('twilio', delivery);
    await callerFor(tenant.owner).webhooks.replayEvent({ id: event!.id });
    await runDueJobs();
    expect(await eventsOf(c)).toHaveLength(1);
    const after = await contactsOf(tenant.tenantId);
    expect(after).toHaveLength(1);
    expect(after[0]!.opted_out_at).toEqual(optedOutAt);
    expect(await auditOf(tenant.tenantId, 'contact.opted_out')).toHaveLength(1);
  });

  it('STOP for a known contact opts it out; a second STOP (new message) keeps the first time; START opts back in', async () => {
    const tenant = await createTenant('stop-known');
    const c = await createConnection(tenant, 'twilio');
    const known = await callerFor(tenant.owner).contacts.create({
      phone: mobile(2),
      name: 'Known',
      consent: 'GRANTED',
    });
    await sms(c, mobile(2), 'UNSUBSCRIBE');
    await runDueJobs();
    const [first] = await contactsOf(tenant.tenantId);
    expect(first).toMatchObject({
      id: known.id,
      opted_out: true,
      consent: 'GRANTED',
      name: 'Known',
    });

    await sms(c, mobile(2), 'stop.');
    await runDueJobs();
    expect((await contactsOf(tenant.tenantId))[0]!.opted_out_at).toEqual(first!.opted_out_at);
    expect(await auditOf(tenant.tenantId, 'contact.opted_out')).toHaveLength(1);

    await sms(c, mobile(2), 'start');
    await runDueJobs();
    expect((await contactsOf(tenant.tenantId))[0]).toMatchObject({
      opted_out: false,
      opted_out_at: null,
      consent: 'GRANTED',
    });
    expect(await auditOf(tenant.tenantId, 'contact.opted_in')).toHaveLength(1);
    expect((await eventsOf(c)).map((e) => e.status)).toEqual([
      'PROCESSED',
      'PROCESSED',
      'PROCESSED',
    ]);
  });

  it('concurrent STOPs from one new number (different messages) make one contact', async () => {
    const tenant = await createTenant('stop-race');
    const c = await createConnection(tenant, 'twilio');
    await Promise.all(
      Array.from({ length: 6 }, (_, i) => sms(c, mobile(3), i % 2 ? 'STOP' : 'QUIT')),
    );
    const { Logger, runOnce } = await import('graphile-worker');
    const { buildTaskList } = await import('../../src/worker/task-list');
    await runOnce({
      connectionString: process.env.DATABASE_URL,
      taskList: buildTaskList(),
      concurrency: 6,
      noHandleSignals: true,
      logger: new Logger(() => () => undefined),
    });
    // ON CONFLICT makes the racers wait on the first insert and then update nothing: no retries needed.
    await runDueJobs();
    expect((await eventsOf(c)).every((e) => e.status === 'PROCESSED')).toBe(true);
    expect(await contactsOf(tenant.tenantId)).toHaveLength(1);
    expect(await auditOf(tenant.tenantId, 'contact.opted_out')).toHaveLength(1);
  });

  it('other messages, short-code senders and status callbacks are recorded as applied and touch no contact', async () => {
    const tenant = await createTenant('stop-other');
    const c = await createConnection(tenant, 'twilio');
    await sms(c, mobile(4), 'please stop calling me at work');
    await sms(c, '12345', 'STOP');
    await send(
      'twilio',
      twilioSimulator.sign({
        url: c.url,
        body: twilioSimulator.sampleBody(uniqueId()),
        secret: c.secret,
      }),
    );
    await runDueJobs();
    const events = await eventsOf(c);
    expect(events.map((e) => e.status)).toEqual(['PROCESSED', 'PROCESSED', 'PROCESSED']);
    expect(await contactsOf(tenant.tenantId)).toEqual([]);
    // Applied is the events' PROCESSED mark; the audit trail keeps the one person's action.
    const audited = await ownerQuery<{ action: string }>(
      `SELECT action FROM audit_entries WHERE tenant_id = $1 ORDER BY created_at`,
      [tenant.tenantId],
    );
    expect(audited.map((a) => a.action)).toEqual(['webhook_connection.created']);
  });
});
