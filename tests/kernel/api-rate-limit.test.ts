// The per-tenant API limit over HTTP (tRPC fetch adapter, as the route handler serves it):
// 429 with Retry-After once a tenant's calls per minute are spent; other tenants unaffected.
import { describe, expect, it } from 'vitest';
import { resetEnvForTests } from '../../src/server/env';
import { createTenant } from '../helpers/fixtures';
import { metricValue } from '../helpers/metrics';
import { bearerFor, trpcGet } from './support';

process.env.API_RATE_LIMIT_PER_MINUTE = '4';
resetEnvForTests();

const get = (path: string, token: string) => trpcGet(path, { authorization: `Bearer ${token}` });

const limitedCount = () => metricValue('rate_limited_total', { bucket_kind: 'api' });

describe('API rate limit per tenant', () => {
  it('answers 429 with Retry-After past the limit, counts it, and leaves other tenants alone', async () => {
    // Keep clear of a minute boundary so the whole test sits in one window.
    const left = 60_000 - (Date.now() % 60_000);
    if (left < 10_000) await new Promise((resolve) => setTimeout(resolve, left + 50));
    const a = await createTenant();
    const b = await createTenant();
    const tokenA = await bearerFor(a.owner); // one call of A's four
    const before = await limitedCount();
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await get('apiTokens.list', tokenA)).status);
    expect(statuses).toEqual([200, 200, 200]);

    const refused = await get('apiTokens.list', tokenA);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = (await refused.json()) as { error: { message: string; data: { code: string } } };
    expect(body.error.data.code).toBe('TOO_MANY_REQUESTS');
    expect(body.error.message).toContain(`retry after ${retryAfter} s`);
    expect((await limitedCount()) - before).toBe(1);

    const tokenB = await bearerFor(b.owner);
    expect((await get('apiTokens.list', tokenB)).status).toBe(200);
    // an unauthenticated call is not charged to anyone (and gets its 401)
    expect((await get('apiTokens.list', 'sbt_nonsense-token-value')).status).toBe(401);
  });
});
