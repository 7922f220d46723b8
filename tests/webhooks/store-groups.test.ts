// Grouped stores (src/server/webhooks/store-groups.ts over app_store_webhook_events): concurrent
// deliveries of one tenant share one statement and commit, yet each gets its own outcome, a bad
// one fails alone, tenants never share a statement, and the groups stay bounded.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { storeEvents, type EventInput, type StoreOutcome } from '../../src/server/webhooks/store';
import { DEFAULT_LIMITS, StoreGroups, storeEvent } from '../../src/server/webhooks/store-groups';
import { createTenant, ownerQuery, type TestTenant } from '../helpers/fixtures';
import { createConnection, jobsOf } from './helpers';

async function stripeTarget(tenant: TestTenant) {
  const c = await createConnection(tenant, 'stripe');
  const [row] = await ownerQuery<{ secret: string }>(
    'SELECT secret_ciphertext AS secret FROM webhook_connections WHERE id = $1',
    [c.id],
  );
  return {
    connectionId: c.id,
    input: (eventId = `evt_${randomUUID()}`, secretCiphertext = row!.secret): EventInput => ({
      tenantId: tenant.tenantId,
      connectionId: c.id,
      provider: 'stripe',
      eventId,
      eventType: 'invoice.paid',
      headers: { 'stripe-signature': 't=1,v1=x' },
      payload: { id: eventId, note: 'quotes " and \\ backslashes and {braces}, ünïcode' },
      jobKey: `stripe:${tenant.tenantId}:${eventId}`,
      requestId: undefined,
      secretCiphertext,
    }),
  };
}

/** The real store, with every statement's group size recorded. */
function recordingGroups(limits = DEFAULT_LIMITS) {
  const statements: { tenantId: string; size: number }[] = [];
  const groups = new StoreGroups(
    (tenantId, inputs) => {
      statements.push({ tenantId, size: inputs.length });
      return storeEvents(tenantId, inputs);
    },
    limits,
    () => undefined,
  );
  return { groups, statements };
}

const eventRows = (connectionId: string) =>
  ownerQuery<{ id: string; event_id: string; payload: { note: string } }>(
    'SELECT id, event_id, payload FROM webhook_events WHERE connection_id = $1',
    [connectionId],
  );

describe('grouped webhook stores', () => {
  it('gives every delivery of a group its own outcome: stored, duplicate (in the group or before it), stale', async () => {
    const tenant = await createTenant('wh-group-outcomes');
    const target = await stripeTarget(tenant);
    const earlier = target.input();
    expect((await storeEvents(tenant.tenantId, [earlier]))[0]!.outcome).toBe('stored');

    const a = target.input();
    const b = target.input();
    const outcomes = await storeEvents(tenant.tenantId, [
      a,
      { ...a },
      target.input(undefined, 'v1.not.the.secret'),
      b,
      earlier,
    ]);
    expect(outcomes.map((o) => o.outcome)).toEqual([
      'stored',
      'duplicate',
      'stale',
      'stored',
      'duplicate',
    ]);

    const rows = await eventRows(target.connectionId);
    expect(rows.map((r) => r.event_id).sort()).toEqual(
      [earlier.eventId, a.eventId, b.eventId].sort(),
    );
    expect(rows[0]!.payload.note).toBe('quotes " and \\ backslashes and {braces}, ünïcode');
    // one job per stored row, pointing at that row, under the event's key
    const jobs = await jobsOf(tenant.tenantId);
    const ids = (o: StoreOutcome) => (o.outcome === 'stored' ? o.id : null);
    expect(jobs.map((j) => j.payload.webhookEventId).sort()).toEqual(rows.map((r) => r.id).sort());
    expect(jobs.find((j) => j.payload.webhookEventId === ids(outcomes[3]!))?.key).toBe(b.jobKey);
  });

  it('shares statements between concurrent deliveries, bounded by the group size', async () => {
    const tenant = await createTenant('wh-group-share');
    const target = await stripeTarget(tenant);
    const { groups, statements } = recordingGroups({
      ...DEFAULT_LIMITS,
      maxInFlight: 2,
      maxGroup: 16,
    });
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, () => groups.store(target.input(), 100)),
    );
    expect(outcomes.every((o) => o.outcome === 'stored')).toBe(true);
    expect(statements.reduce((sum, s) => sum + s.size, 0)).toBe(40);
    expect(Math.max(...statements.map((s) => s.size))).toBe(16);
    expect(statements.length).toBeLessThan(40);
    expect(await jobsOf(tenant.tenantId)).toHaveLength(40);
    expect(groups.activeTenants).toBe(0);
  });

  it('bounds a group by its bodies’ bytes too', async () => {
    const tenant = await createTenant('wh-group-bytes');
    const target = await stripeTarget(tenant);
    const { groups, statements } = recordingGroups({
      maxInFlight: 1,
      maxGroup: 100,
      maxGroupBytes: 1000,
    });
    await Promise.all(Array.from({ length: 5 }, () => groups.store(target.input(), 600)));
    expect(statements.map((s) => s.size)).toEqual([1, 1, 1, 1, 1]);
  });

  it('never puts two tenants in one statement', async () => {
    const a = await createTenant('wh-group-tenant-a');
    const b = await createTenant('wh-group-tenant-b');
    const [ta, tb] = [await stripeTarget(a), await stripeTarget(b)];
    const { groups, statements } = recordingGroups();
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => groups.store((i % 2 ? ta : tb).input(), 100)),
    );
    expect(outcomes.every((o) => o.outcome === 'stored')).toBe(true);
    expect(new Set(statements.map((s) => s.tenantId))).toEqual(new Set([a.tenantId, b.tenantId]));
    expect(statements.reduce((sum, s) => sum + s.size, 0)).toBe(20);
    expect(await jobsOf(a.tenantId)).toHaveLength(10);
    expect(await jobsOf(b.tenantId)).toHaveLength(10);
  });

  it('a group that fails as a whole is stored again one by one: the bad delivery fails alone', async () => {
    const tenant = await createTenant('wh-group-bad-one');
    const target = await stripeTarget(tenant);
    const { groups, statements } = recordingGroups({ ...DEFAULT_LIMITS, maxInFlight: 1 });
    const results = await Promise.allSettled([
      groups.store(target.input(), 100),
      groups.store(target.input(`evt_${'x'.repeat(300)}`), 100), // past the event id CHECK
      groups.store(target.input(), 100),
    ]);
    expect(statements.map((s) => s.size)).toEqual([3, 1, 1, 1]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value.outcome : 'rejected'))).toEqual([
      'stored',
      'rejected',
      'stored',
    ]);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(
      /webhook_events_event_id_length/,
    );
    expect(await eventRows(target.connectionId)).toHaveLength(2);
    expect(await jobsOf(tenant.tenantId)).toHaveLength(2);
  });

  it('two groups racing on the same events in opposite orders both finish, each event stored once', async () => {
    const tenant = await createTenant('wh-group-race');
    const target = await stripeTarget(tenant);
    for (let round = 0; round < 10; round++) {
      const events = Array.from({ length: 6 }, () => target.input());
      const [forward, backward] = await Promise.all([
        storeEvents(tenant.tenantId, events),
        storeEvents(tenant.tenantId, [...events].reverse()),
      ]);
      const storedTimes = events.map(
        (_, i) =>
          [forward[i], backward[events.length - 1 - i]].filter((o) => o!.outcome === 'stored')
            .length,
      );
      expect(storedTimes).toEqual(events.map(() => 1));
    }
    expect(await jobsOf(tenant.tenantId)).toHaveLength(60);
  });

  it('a duplicate storm through the shared groups: one row, one job, every delivery answered', async () => {
    const tenant = await createTenant('wh-group-storm');
    const target = await stripeTarget(tenant);
    const input = target.input();
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, () => storeEvent({ ...input }, 100)),
    );
    expect(outcomes.filter((o) => o.outcome === 'stored')).toHaveLength(1);
    expect(outcomes.filter((o) => o.outcome === 'duplicate')).toHaveLength(49);
    expect(await eventRows(target.connectionId)).toHaveLength(1);
    expect(await jobsOf(tenant.tenantId)).toHaveLength(1);
  });
});
