// The per-process connection cache on the ingest path (src/server/webhooks/connection-cache.ts):
// it saves the lookup round trip, and never lets a stale entry decide anything — rotations and
// deletions take effect on the very next delivery, exactly as without a cache.
import { describe, expect, it } from 'vitest';
import { providerSimulators } from '../../src/server/simulators/registry';
import { callerFor, createTenant, ownerQuery } from '../helpers/fixtures';
import { createConnection, eventsOf, jobsOf, send, uniqueId, type TestConnection } from './helpers';

const stripe = providerSimulators.stripe;
const deliver = (c: TestConnection, secret: string, body = stripe.sampleBody(uniqueId())) =>
  send('stripe', stripe.sign({ url: c.url, body, secret }));

describe('webhook connection cache', () => {
  it('serves a known connection without the lookup (one round trip per delivery)', async () => {
    const tenant = await createTenant('wh-cache-hit');
    const cached = await createConnection(tenant, 'stripe');
    const uncached = await createConnection(tenant, 'stripe');
    expect((await deliver(cached, cached.secret)).status).toBe(200);
    // Take the lookup away from the app role: only a connection this process already holds still works.
    await ownerQuery(
      'REVOKE EXECUTE ON FUNCTION app_webhook_connection(text, "WebhookProvider") FROM switchboard_app',
    );
    try {
      expect((await deliver(cached, cached.secret)).status).toBe(200);
      // The lookup fails: a 500 the provider retries, its cause in the log and not in the answer.
      const failed = await deliver(uncached, uncached.secret);
      expect(failed.status).toBe(500);
      expect(await failed.text()).not.toMatch(/permission denied/);
    } finally {
      await ownerQuery(
        'GRANT EXECUTE ON FUNCTION app_webhook_connection(text, "WebhookProvider") TO switchboard_app',
      );
    }
    expect(await eventsOf(cached)).toHaveLength(2);
    expect(await jobsOf(tenant.tenantId)).toHaveLength(2);
  });

  it('a rotation with no grace retires the cached secret at once, and the new one works at once', async () => {
    const tenant = await createTenant('wh-cache-rotate');
    const c = await createConnection(tenant, 'stripe');
    expect((await deliver(c, c.secret)).status).toBe(200); // cached with the original secret
    const rotated = await callerFor(tenant.owner).webhooks.rotateSecret({
      id: c.id,
      graceMinutes: 0,
    });
    const refused = await deliver(c, c.secret);
    expect(refused.status).toBe(401);
    expect(await eventsOf(c)).toHaveLength(1);
    expect((await deliver(c, rotated.secret)).status).toBe(200);
    expect(await eventsOf(c)).toHaveLength(2);
    expect(await jobsOf(tenant.tenantId)).toHaveLength(2);
  });

  it('an authentic but unparseable delivery is verified against the database, not the cache', async () => {
    const tenant = await createTenant('wh-cache-rejected');
    const c = await createConnection(tenant, 'stripe');
    expect((await deliver(c, c.secret)).status).toBe(200);
    await callerFor(tenant.owner).webhooks.rotateSecret({ id: c.id, graceMinutes: 0 });
    // signed with the retired secret: refused, not archived as REJECTED
    expect((await deliver(c, c.secret, '{"not": "a stripe event"}')).status).toBe(401);
    expect((await eventsOf(c)).filter((e) => e.status === 'REJECTED')).toEqual([]);
  });

  it('a deleted connection answers 404 on the next delivery', async () => {
    const tenant = await createTenant('wh-cache-deleted');
    const c = await createConnection(tenant, 'stripe');
    expect((await deliver(c, c.secret)).status).toBe(200);
    await ownerQuery('DELETE FROM webhook_connections WHERE id = $1', [c.id]);
    expect((await deliver(c, c.secret)).status).toBe(404);
    expect(
      await ownerQuery('SELECT 1 FROM webhook_events WHERE connection_id = $1', [c.id]),
    ).toHaveLength(0);
  });
});
