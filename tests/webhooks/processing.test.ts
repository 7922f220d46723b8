// From stored event to applied effect, exactly once: a storm of concurrent duplicates makes one
// row and one job; the job applies the event once; replays of an applied event change nothing.
import { Logger, runOnce } from 'graphile-worker';
import { describe, expect, it } from 'vitest';
import { callerFor, createTenant, ownerQuery } from '../helpers/fixtures';
import { providerSimulators } from '../../src/server/simulators/registry';
import { buildTaskList } from '../../src/worker/task-list';
import { createConnection, eventsOf, jobsOf, metricValue, send, uniqueId } from './helpers';
import { CLIENT_ADDRESS_HEADER } from '../../src/lib/http/client-ip';

const runJobs = () =>
  runOnce({
    connectionString: process.env.DATABASE_URL,
    taskList: buildTaskList(),
    concurrency: 4,
    noHandleSignals: true,
    logger: new Logger(() => () => undefined),
  });

/**
 * Audit actions about a stored event. Applying it is no one's action: the row's PROCESSED mark
 * (attempts, processed_at) records that; only people's replays are audited.
 */
const auditOfEvent = async (eventRowId: string) =>
  (
    await ownerQuery<{ action: string }>(
      `SELECT action FROM audit_entries WHERE subject = $1 ORDER BY created_at`,
      [`webhook_event:${eventRowId}`],
    )
  ).map((a) => a.action);

describe('webhook processing', () => {
  it('duplicate storm: 50 concurrent deliveries of one event → one row, one job, one effect', async () => {
    const tenant = await createTenant('wh-storm');
    const c = await createConnection(tenant, 'chatwoot');
    const sim = providerSimulators.chatwoot;
    const id = uniqueId();
    const delivery = sim.sign({
      url: c.url,
      body: sim.sampleBody(id),
      secret: c.secret,
      deliveryId: id,
    });
    const dedupedBefore = await metricValue('webhooks_deduplicated_total', {
      provider: 'chatwoot',
    });

    const responses = await Promise.all(
      Array.from({ length: 50 }, () => send('chatwoot', delivery)),
    );
    expect(responses.map((r) => r.status)).toEqual(Array<number>(50).fill(200));
    const rows = await eventsOf(c);
    expect(rows).toHaveLength(1);
    const jobs = await jobsOf(tenant.tenantId);
    expect(jobs).toHaveLength(1);
    expect(await metricValue('webhooks_deduplicated_total', { provider: 'chatwoot' })).toBe(
      dedupedBefore + 49,
    );

    await runJobs();
    expect(await auditOfEvent(rows[0]!.id)).toEqual([]);
    const [processed] = await eventsOf(c);
    expect(processed).toMatchObject({ status: 'PROCESSED', attempts: 1 });
    expect(processed!.processed_at).toBeInstanceOf(Date);
    expect(await jobsOf(tenant.tenantId)).toEqual([]);

    // A late duplicate after processing: still one row, no new job.
    expect((await send('chatwoot', delivery)).status).toBe(200);
    expect(await eventsOf(c)).toHaveLength(1);
    expect(await jobsOf(tenant.tenantId)).toEqual([]);
  });

  it('replay of an applied event re-runs processing under the same job key and changes nothing', async () => {
    const tenant = await createTenant('wh-replay');
    const c = await createConnection(tenant, 'stripe');
    const sim = providerSimulators.stripe;
    const id = uniqueId();
    expect(
      (await send('stripe', sim.sign({ url: c.url, body: sim.sampleBody(id), secret: c.secret })))
        .status,
    ).toBe(200);
    await runJobs();
    const [applied] = await eventsOf(c);
    expect(applied!.status).toBe('PROCESSED');

    const admin = callerFor(tenant.owner);
    // Two replays before the worker runs: one job (same key), not two.
    await admin.webhooks.replayEvent({ id: applied!.id });
    await admin.webhooks.replayEvent({ id: applied!.id });
    const jobs = await jobsOf(tenant.tenantId);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.key).toBe(`stripe:${tenant.tenantId}:${sim.expectedEventId(id)}`);
    await runJobs();

    const [after] = await eventsOf(c);
    expect(after).toEqual(applied);
    expect(await auditOfEvent(applied!.id)).toEqual(['webhook.replayed', 'webhook.replayed']);
  });

  it('replay of an event whose job was lost applies it once', async () => {
    const tenant = await createTenant('wh-lost');
    const c = await createConnection(tenant, 'shopify');
    const sim = providerSimulators.shopify;
    const id = uniqueId();
    expect(
      (
        await send(
          'shopify',
          sim.sign({ url: c.url, body: sim.sampleBody(id), secret: c.secret, deliveryId: id }),
        )
      ).status,
    ).toBe(200);
    // The job disappears (e.g. discarded by an operator): the event stays RECEIVED.
    await ownerQuery(`DELETE FROM graphile_worker._private_jobs WHERE key LIKE $1`, [
      `shopify:${tenant.tenantId}:%`,
    ]);
    const [event] = await eventsOf(c);
    await callerFor(tenant.owner).webhooks.replayEvent({ id: event!.id });
    await runJobs();
    expect((await eventsOf(c))[0]).toMatchObject({ status: 'PROCESSED', attempts: 1 });
    expect(await auditOfEvent(event!.id)).toEqual(['webhook.replayed']);
  });

  it('a rejected (unparseable) delivery cannot be replayed: CONFLICT', async () => {
    const tenant = await createTenant('wh-rej');
    const c = await createConnection(tenant, 'stripe');
    const response = await send(
      'stripe',
      providerSimulators.stripe.sign({ url: c.url, body: '{nope', secret: c.secret }),
    );
    expect(response.status).toBe(400);
    const [event] = await eventsOf(c);
    const error = await callerFor(tenant.owner)
      .webhooks.replayEvent({ id: event!.id })
      .catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe('CONFLICT');
    expect(await jobsOf(tenant.tenantId)).toEqual([]);
  });

  it('the archive lists by provider, status and date, and opens one with PII masked', async () => {
    const tenant = await createTenant('wh-archive');
    const chat = await createConnection(tenant, 'chatwoot');
    const stripe = await createConnection(tenant, 'stripe');
    const id = uniqueId();
    await send(
      'chatwoot',
      providerSimulators.chatwoot.sign({
        url: chat.url,
        body: providerSimulators.chatwoot.sampleBody(id),
        secret: chat.secret,
        deliveryId: id,
      }),
    );
    await send(
      'stripe',
      providerSimulators.stripe.sign({
        url: stripe.url,
        body: providerSimulators.stripe.sampleBody(uniqueId()),
        secret: stripe.secret,
      }),
    );
    await send(
      'stripe',
      providerSimulators.stripe.sign({ url: stripe.url, body: 'not json', secret: stripe.secret }),
    );
    const admin = callerFor(tenant.owner);

    expect((await admin.webhooks.listEvents({})).items).toHaveLength(3);
    expect((await admin.webhooks.listEvents({ provider: 'stripe' })).items).toHaveLength(2);
    expect(
      (await admin.webhooks.listEvents({ provider: 'stripe', status: 'REJECTED' })).items,
    ).toHaveLength(1);
    expect(
      (await admin.webhooks.listEvents({ from: new Date(Date.now() + 60_000) })).items,
    ).toEqual([]);
    expect(
      (await admin.webhooks.listEvents({ to: new Date(Date.now() - 3_600_000) })).items,
    ).toEqual([]);
    const page1 = await admin.webhooks.listEvents({ limit: 2 });
    expect(page1.items).toHaveLength(2);
    const page2 = await admin.webhooks.listEvents({ limit: 2, cursor: page1.nextCursor! });
    expect(page2.items).toHaveLength(1);
    expect(page2.nextCursor).toBeNull();

    const chatEvent = (await admin.webhooks.listEvents({ provider: 'chatwoot' })).items[0]!;
    const detail = await admin.webhooks.getEvent({ id: chatEvent.id });
    expect(detail.eventId).toBe(id);
    expect(JSON.stringify(detail.payload)).not.toContain('+4915112345678');
    expect(JSON.stringify(detail.payload)).toContain('message_created');
  });
});

describe('per-address limit on unverified deliveries', () => {
  it(
    'refuses an address with 429 once 100 of its deliveries failed verification, valid ones included; counted',
    { timeout: 60_000 },
    async () => {
      const tenant = await createTenant('wh-rate');
      const c = await createConnection(tenant, 'stripe');
      const ip = `203.0.113.${Math.floor(Math.random() * 200) + 1}`;
      const sim = providerSimulators.stripe;
      const valid = () =>
        sim.sign({ url: c.url, body: sim.sampleBody(uniqueId()), secret: c.secret });
      const forged = () =>
        sim.sign({ url: c.url, body: sim.sampleBody(uniqueId()), secret: 'whsec_not_the_secret' });
      // Fixed one-minute windows: start early in a window so 101 deliveries cannot straddle two.
      const intoMinute = Date.now() % 60_000;
      if (intoMinute > 45_000)
        await new Promise((resolve) => setTimeout(resolve, 60_500 - intoMinute));
      // Verified deliveries do not count against the address, however many.
      for (let i = 0; i < 120; i++) {
        const r = await send('stripe', valid(), { headers: { [CLIENT_ADDRESS_HEADER]: ip } });
        expect(r.status).toBe(200);
      }
      const statuses: number[] = [];
      for (let i = 0; i < 100; i++) {
        const r = await send('stripe', forged(), { headers: { [CLIENT_ADDRESS_HEADER]: ip } });
        statuses.push(r.status);
      }
      expect(statuses.every((s) => s === 401)).toBe(true);
      const before = await metricValue('webhooks_rejected_total', {
        provider: 'stripe',
        reason: 'rate_limited',
      });
      // The 101st refusal tips the address over; from then on even a valid delivery waits.
      const tipping = await send('stripe', forged(), { headers: { [CLIENT_ADDRESS_HEADER]: ip } });
      expect(tipping.status).toBe(401);
      const limited = await send('stripe', valid(), { headers: { [CLIENT_ADDRESS_HEADER]: ip } });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(
        await metricValue('webhooks_rejected_total', {
          provider: 'stripe',
          reason: 'rate_limited',
        }),
      ).toBe(before + 1);
      expect(await eventsOf(c)).toHaveLength(120);
      // Another address has its own bucket.
      const other = await send('stripe', valid(), {
        headers: { [CLIENT_ADDRESS_HEADER]: '198.51.100.7' },
      });
      expect(other.status).toBe(200);
    },
  );
});
