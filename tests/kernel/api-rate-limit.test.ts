// The per-tenant API limit over HTTP (tRPC fetch adapter, as the route handler serves it):
// 429 with Retry-After once a tenant's calls per minute are spent; other tenants unaffected.
import { describe, expect, it } from 'vitest';
import { resetEnvForTests } from '../../src/server/env';
import { getRegistry } from '../../src/server/obs/metrics';
import { createTenant } from '../helpers/fixtures';
import { bearerFor } from './support';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '../../src/server/trpc/root';
import { createContext } from '../../src/server/trpc/context';
import { rateLimitResponseMeta } from '../../src/server/trpc/middleware/rate-limit';

process.env.API_RATE_LIMIT_PER_MINUTE = '4';
resetEnvForTests();

function get(path: string, token: string): Promise<Response> {
  const req = new Request(`http://switchboard.test/api/trpc/${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext,
    responseMeta: rateLimitResponseMeta,
  });
}

async function limitedCount(): Promise<number> {
  const metric = (await getRegistry().getMetricsAsJSON()).find(
    (m) => m.name === 'rate_limited_total',
  );
  return Number(metric?.values.find((v) => v.labels.bucket_kind === 'api')?.value ?? 0);
}

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
