// Verified deliveries are limited per connection, not per address: a leaked secret cannot flood a
// tenant's queue without end, and the default carries a big campaign's delivery reports.
import { afterEach, describe, expect, it } from 'vitest';
import { resetEnvForTests } from '../../src/server/env';
import { consumeConnectionRateLimit } from '../../src/server/webhooks/rate-limit';
import { providerSimulators } from '../../src/server/simulators/registry';
import { createTenant, ownerQuery } from '../helpers/fixtures';
import { createConnection, eventsOf, send, uniqueId } from './helpers';

afterEach(() => {
  delete process.env.WEBHOOK_CONNECTION_RATE_LIMIT_PER_MINUTE;
  resetEnvForTests();
});

describe('per-connection limit on verified deliveries', () => {
  it('answers 429 with Retry-After past the limit; another connection is not affected', async () => {
    process.env.WEBHOOK_CONNECTION_RATE_LIMIT_PER_MINUTE = '5';
    resetEnvForTests();
    const tenant = await createTenant('wh-conn-limit');
    const busy = await createConnection(tenant, 'stripe');
    const quiet = await createConnection(tenant, 'stripe');
    const sim = providerSimulators.stripe;
    const sign = (c: typeof busy) =>
      sim.sign({ url: c.url, body: sim.sampleBody(uniqueId()), secret: c.secret });
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 50_000) await new Promise((r) => setTimeout(r, 60_500 - intoMinute));
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await send('stripe', sign(busy))).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const refused = await send('stripe', sign(busy));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await eventsOf(busy)).toHaveLength(5);
    expect((await send('stripe', sign(quiet))).status).toBe(200);
  });

  it('with the defaults, accepts a burst of 100,000 callbacks from one connection in a minute', async () => {
    const tenant = await createTenant('wh-conn-burst');
    const c = await createConnection(tenant, 'twilio');
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 40_000) await new Promise((r) => setTimeout(r, 60_500 - intoMinute));
    let refused = 0;
    // 100 waves of 1,000 concurrent checks through the same limiter the pipeline calls.
    for (let wave = 0; wave < 100; wave++) {
      const results = await Promise.all(
        Array.from({ length: 1_000 }, () => consumeConnectionRateLimit(c.id)),
      );
      refused += results.filter((r) => !r.allowed).length;
    }
    expect(refused).toBe(0);
    const [bucket] = await ownerQuery<{ hits: number }>(
      'SELECT hits FROM rate_limit_buckets WHERE bucket = $1',
      [`webhook-conn:${c.id}`],
    );
    // Leased in batches: at least the 100,000 taken, far from the 200,000 limit.
    expect(bucket!.hits).toBeGreaterThanOrEqual(100_000);
    expect(bucket!.hits).toBeLessThan(200_000);
    // And the next real delivery of that connection is still accepted.
    const sim = providerSimulators.twilio;
    const delivery = sim.sign({ url: c.url, body: sim.sampleBody(uniqueId()), secret: c.secret });
    expect((await send('twilio', delivery)).status).toBeLessThan(300);
  }, 60_000);
});
