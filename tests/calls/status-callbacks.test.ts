// A call's status callbacks, shuffled and duplicated, through the signed ingest and the worker:
// one Call per CallSid, ordered by SequenceNumber, terminal state sticky, duplicates change
// nothing. A voice request whose signature fails hears TwiML, with 403.
import { randomBytes } from 'node:crypto';
import { Logger, runOnce } from 'graphile-worker';
import { describe, expect, it } from 'vitest';
import { callerFor, createTenant, ownerQuery } from '../helpers/fixtures';
import { buildTaskList } from '../../src/worker/task-list';
import { createConnection, send } from '../webhooks/helpers';
import { callStatusDeliveries } from '../../src/server/simulators/twilio/call-callbacks';
import { deriveCallState } from '../../src/server/domain/calls/status';

const runJobs = () =>
  runOnce({
    connectionString: process.env.DATABASE_URL,
    taskList: buildTaskList(),
    concurrency: 4,
    noHandleSignals: true,
    logger: new Logger(() => () => undefined),
  });

const sid = (prefix: string) => `${prefix}${randomBytes(16).toString('hex')}`;

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

describe('call status callbacks', () => {
  it('shuffled and duplicated: one call, completed with its times and duration, timeline once each', async () => {
    const tenant = await createTenant('calls-status');
    const connection = await createConnection(tenant, 'twilio');
    const start = new Date('2026-12-01T10:00:00Z');
    const at = (s: number) => new Date(start.getTime() + s * 1000);
    const call = {
      accountSid: sid('AC'),
      callSid: sid('CA'),
      from: '+4915112345678',
      to: '+4930123456',
      url: connection.url,
    };
    const deliveries = callStatusDeliveries(
      call,
      [
        { status: 'initiated', at: at(0) },
        { status: 'ringing', at: at(1) },
        { status: 'in-progress', at: at(3) },
        { status: 'completed', at: at(45), durationSeconds: 42 },
      ],
      connection.secret,
    );
    for (const [i, delivery] of shuffled(
      [...deliveries, ...deliveries, deliveries[1]!],
      7,
    ).entries()) {
      const response = await send('twilio', delivery);
      expect(response.status, `delivery ${i}`).toBe(200);
      if (i % 3 === 0) await runJobs();
    }
    await runJobs();
    const calls = await ownerQuery<Record<string, unknown>>(
      `SELECT status, outcome, from_phone, to_phone, answered_at, ended_at, duration_seconds FROM calls WHERE call_sid = $1`,
      [call.callSid],
    );
    expect(calls).toEqual([
      {
        status: 'completed',
        // no turn was answered by the assistant: the caller hung up on it
        outcome: 'abandoned',
        from_phone: call.from,
        to_phone: call.to,
        answered_at: at(3),
        ended_at: at(45),
        duration_seconds: 42,
      },
    ]);
    const timeline = await ownerQuery<{ sequence_number: number; status: string }>(
      `SELECT e.sequence_number, e.status FROM call_status_events e JOIN calls c ON c.id = e.call_id WHERE c.call_sid = $1 ORDER BY e.sequence_number`,
      [call.callSid],
    );
    expect(timeline).toEqual([
      { sequence_number: 0, status: 'initiated' },
      { sequence_number: 1, status: 'ringing' },
      { sequence_number: 2, status: 'in-progress' },
      { sequence_number: 3, status: 'completed' },
    ]);
    // The console's list masks the caller; the detail carries the timeline in order.
    const { items } = await callerFor(tenant.owner).calls.list();
    expect(items).toHaveLength(1);
    expect(items[0]!.caller).toBe('+491••••••5678');
    expect(JSON.stringify(items)).not.toContain(call.from);
    const detail = await callerFor(tenant.owner).calls.get({ id: items[0]!.id });
    expect(detail.statusEvents.map((e) => e.status)).toEqual([
      'initiated',
      'ringing',
      'in-progress',
      'completed',
    ]);
  });

  it('a terminal state stays terminal whatever arrives after it', () => {
    const t = (s: number) => new Date(1_800_000_000_000 + s * 1000);
    const events = [
      { sequenceNumber: 2, status: 'no-answer', occurredAt: t(20), durationSeconds: 0 },
      { sequenceNumber: 3, status: 'ringing', occurredAt: t(21), durationSeconds: null },
      { sequenceNumber: 1, status: 'ringing', occurredAt: t(1), durationSeconds: null },
    ];
    expect(deriveCallState(events)).toMatchObject({ status: 'no-answer', endedAt: t(20) });
    expect(deriveCallState([...events].reverse())).toEqual(deriveCallState(events));
  });

  it('a voice request with a bad signature answers 403 in TwiML and stores nothing', async () => {
    const tenant = await createTenant('calls-unsigned');
    const connection = await createConnection(tenant, 'twilio');
    const [delivery] = callStatusDeliveries(
      {
        accountSid: sid('AC'),
        callSid: sid('CA'),
        from: '+4915112345678',
        to: '+4930123456',
        url: connection.url,
      },
      [{ status: 'ringing', at: new Date() }],
      'not-the-secret',
    );
    const response = await send('twilio', delivery!);
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toMatch(/text\/xml/);
    expect(await response.text()).toContain('<Say>We could not verify this request.</Say>');
    const stored = await ownerQuery(`SELECT 1 FROM webhook_events WHERE tenant_id = $1`, [
      tenant.tenantId,
    ]);
    expect(stored).toEqual([]);
  });
});
