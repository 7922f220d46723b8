// Rate-limit leases: consumeRateLimit with `take`, and RateLimitLeases spending a process's lease
// locally. Real buckets in Postgres, real concurrency (separate transactions), two lease
// holders standing in for two processes.
import { describe, expect, it } from 'vitest';
import { withSystemTx } from '../../src/server/db/tx';
import { consumeRateLimit } from '../../src/server/domain/rate-limit/consume';
import { ValidationError } from '../../src/server/domain/errors';
import {
  RateLimitLeases,
  leaseSize,
  type GrantTokens,
} from '../../src/server/webhooks/rate-limit-lease';
import { ownerQuery } from '../helpers/fixtures';

/** A "process": its own lease holder over the shared bucket, counting its upserts. */
function processWithLeases() {
  let upserts = 0;
  const grant: GrantTokens = (bucket, limit, windowSeconds, take) => {
    upserts += 1;
    return withSystemTx((tx) => consumeRateLimit(tx, { bucket, limit, windowSeconds, take }));
  };
  return { leases: new RateLimitLeases(grant), upserts: () => upserts };
}

async function awayFromBoundary(windowSeconds: number, marginMs: number): Promise<void> {
  const ms = windowSeconds * 1000;
  const left = ms - (Date.now() % ms);
  if (left < marginMs) await new Promise((resolve) => setTimeout(resolve, left + 20));
}

describe('consumeRateLimit with take', () => {
  it('grants what is left of the limit, partially at the end, then nothing', async () => {
    await awayFromBoundary(60, 5_000);
    const bucket = `webhook-ip:stripe:${crypto.randomUUID()}`;
    const grants = [];
    for (let i = 0; i < 4; i++)
      grants.push(
        await withSystemTx((tx) =>
          consumeRateLimit(tx, { bucket, limit: 10, windowSeconds: 60, take: 4 }),
        ),
      );
    expect(grants.map((g) => g.granted)).toEqual([4, 4, 2, 0]);
    expect(grants.map((g) => g.allowed)).toEqual([true, true, true, false]);
    expect(grants[3]!.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    // the time left in the window, exact: at most the window, never negative
    expect(grants.every((g) => g.resetInMs > 0 && g.resetInMs <= 60_000)).toBe(true);
  });

  it('without take it answers exactly as before (no lease fields)', async () => {
    const bucket = `api:${crypto.randomUUID()}`;
    const result = await withSystemTx((tx) =>
      consumeRateLimit(tx, { bucket, limit: 5, windowSeconds: 60 }),
    );
    expect(Object.keys(result).sort()).toEqual(['allowed', 'remaining', 'retryAfterSeconds']);
  });

  it('refuses a take that is not a positive integer, writing nothing', async () => {
    const bucket = `api:bad-take-${crypto.randomUUID()}`;
    for (const take of [0, -1, 1.5, 2147483647]) {
      await expect(
        withSystemTx((tx) => consumeRateLimit(tx, { bucket, limit: 10, windowSeconds: 60, take })),
      ).rejects.toBeInstanceOf(ValidationError);
    }
    expect(
      await ownerQuery('SELECT 1 FROM rate_limit_buckets WHERE bucket = $1', [bucket]),
    ).toHaveLength(0);
  });
});

describe('RateLimitLeases', () => {
  it('sizes leases at 1 % of the limit, from 1 (exact) to 1000', () => {
    expect([1, 100, 199, 200, 1000, 60_000, 100_000, 100_000_000].map(leaseSize)).toEqual([
      1, 1, 1, 2, 10, 600, 1000, 1000,
    ]);
  });

  it('k = 1 is exact: two processes, 40 concurrent calls, limit 7 → exactly 7 allowed, nothing held locally', async () => {
    await awayFromBoundary(60, 5_000);
    const bucket = `webhook-ip:twilio:${crypto.randomUUID()}`;
    const a = processWithLeases();
    const b = processWithLeases();
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).leases.consume(bucket, 7, 60)),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(7);
    expect(results.filter((r) => !r.allowed).every((r) => r.retryAfterSeconds >= 1)).toBe(true);
    // one upsert per call, as without leases
    expect(a.upserts() + b.upserts()).toBe(40);
    expect(a.leases.held(bucket) + b.leases.held(bucket)).toBe(0);
  });

  it('two processes leasing one bucket admit the limit within (k − 1) × 2, with one upsert per lease', async () => {
    await awayFromBoundary(60, 10_000);
    const limit = 1000; // k = 10
    const k = leaseSize(limit);
    const bucket = `webhook-ip:stripe:${crypto.randomUUID()}`;
    const a = processWithLeases();
    const b = processWithLeases();
    const results = await Promise.all(
      Array.from({ length: 1300 }, (_, i) => (i % 2 ? a : b).leases.consume(bucket, limit, 60)),
    );
    const allowed = results.filter((r) => r.allowed).length;
    expect(allowed).toBeLessThanOrEqual(limit + (k - 1) * 2);
    expect(allowed).toBeGreaterThanOrEqual(limit - (k - 1) * 2);
    // the bucket never granted more than the limit: every admission came out of a granted token
    const [row] = await ownerQuery<{ hits: number }>(
      'SELECT hits FROM rate_limit_buckets WHERE bucket = $1',
      [bucket],
    );
    expect(row!.hits).toBeGreaterThanOrEqual(limit);
    // batching: about one upsert per k admissions (plus the refused acquisitions at the end)
    expect(a.upserts() + b.upserts()).toBeLessThanOrEqual(Math.ceil(limit / k) + 4);
    // past the limit the processes refuse locally, without asking the database again
    const before = a.upserts() + b.upserts();
    const more = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).leases.consume(bucket, limit, 60)),
    );
    expect(more.every((r) => !r.allowed && r.retryAfterSeconds >= 1)).toBe(true);
    expect(a.upserts() + b.upserts()).toBe(before);
  });

  it('a lease ends with its window: the next window starts a fresh lease and a full limit', async () => {
    await awayFromBoundary(1, 700);
    const limit = 300; // k = 3, 1-second windows
    const bucket = `webhook-ip:shopify:${crypto.randomUUID()}`;
    const p = processWithLeases();
    const first = await p.leases.consume(bucket, limit, 1);
    expect(first.allowed).toBe(true);
    expect(p.leases.held(bucket)).toBe(2);
    // the lease expires no later than the window it was granted in
    await awayFromBoundary(1, 1_000);
    expect(p.leases.held(bucket)).toBe(0);
    const upsertsBefore = p.upserts();
    const next = await p.leases.consume(bucket, limit, 1);
    expect(next.allowed).toBe(true);
    expect(p.upserts()).toBe(upsertsBefore + 1);
    const [row] = await ownerQuery<{ hits: number }>(
      'SELECT hits FROM rate_limit_buckets WHERE bucket = $1',
      [bucket],
    );
    expect(row!.hits).toBe(3); // counted afresh in the new window: one lease of 3
  });

  it('a failed acquisition fails its caller only; the next call acquires again', async () => {
    let calls = 0;
    const grant: GrantTokens = async (bucket, limit, windowSeconds, take) => {
      calls += 1;
      if (calls === 1) throw new Error('database unavailable');
      return withSystemTx((tx) => consumeRateLimit(tx, { bucket, limit, windowSeconds, take }));
    };
    const leases = new RateLimitLeases(grant);
    const bucket = `webhook-ip:stripe:${crypto.randomUUID()}`;
    const [failed, waited] = await Promise.allSettled([
      leases.consume(bucket, 1000, 60),
      leases.consume(bucket, 1000, 60),
    ]);
    expect(failed.status).toBe('rejected');
    expect(waited.status === 'fulfilled' && waited.value.allowed).toBe(true);
  });
});
