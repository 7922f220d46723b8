// consumeRateLimit: one upsert per call, exact under real concurrency, fixed aligned windows.
import { describe, expect, it } from 'vitest';
import { withSystemTx } from '../../src/server/db/tx';
import {
  consumeRateLimit,
  sweepRateLimitBuckets,
} from '../../src/server/domain/rate-limit/consume';
import { ValidationError } from '../../src/server/domain/errors';
import { getRegistry } from '../../src/server/obs/metrics';
import { ownerQuery } from '../helpers/fixtures';

const consume = (bucket: string, limit: number, windowSeconds: number) =>
  withSystemTx((tx) => consumeRateLimit(tx, { bucket, limit, windowSeconds }));

async function counterValue(name: string, labels: Record<string, string>): Promise<number> {
  const metric = (await getRegistry().getMetricsAsJSON()).find((m) => m.name === name);
  const value = metric?.values.find((v) =>
    Object.entries(labels).every(([k, l]) => v.labels[k] === l),
  );
  return Number(value?.value ?? 0);
}

/** Waits for the next window boundary when fewer than `marginMs` remain, so a test cannot straddle one. */
async function awayFromBoundary(windowSeconds: number, marginMs: number): Promise<void> {
  const ms = windowSeconds * 1000;
  const left = ms - (Date.now() % ms);
  if (left < marginMs) await new Promise((resolve) => setTimeout(resolve, left + 20));
}

describe('consumeRateLimit', () => {
  it('allows exactly `limit` calls per window, then refuses with the seconds until the window ends', async () => {
    await awayFromBoundary(60, 5_000);
    const bucket = `api:${crypto.randomUUID()}`;
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await consume(bucket, 3, 60));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0]);
    expect(results[0]!.retryAfterSeconds).toBe(0);
    // the window is aligned to the minute: the wait is what is left of it
    const leftOfMinute = Math.ceil((60_000 - (Date.now() % 60_000)) / 1000);
    expect(Math.abs(results[3]!.retryAfterSeconds - leftOfMinute)).toBeLessThanOrEqual(1);
    const [row] = await ownerQuery<{ hits: number; window_seconds: number }>(
      'SELECT hits, window_seconds FROM rate_limit_buckets WHERE bucket = $1',
      [bucket],
    );
    expect(row).toEqual({ hits: 4, window_seconds: 60 });
  });

  it('lets exactly `limit` of 40 truly concurrent callers through (separate connections)', async () => {
    await awayFromBoundary(10, 5_000);
    const bucket = `webhook-ip:twilio:${crypto.randomUUID()}`;
    const before = await counterValue('rate_limited_total', { bucket_kind: 'webhook-ip' });
    const results = await Promise.all(Array.from({ length: 40 }, () => consume(bucket, 7, 10)));
    expect(results.filter((r) => r.allowed)).toHaveLength(7);
    expect(results.filter((r) => !r.allowed).every((r) => r.retryAfterSeconds >= 1)).toBe(true);
    expect((await counterValue('rate_limited_total', { bucket_kind: 'webhook-ip' })) - before).toBe(
      33,
    );
  });

  it('starts counting afresh in the next window, and buckets are independent', async () => {
    await awayFromBoundary(1, 1_000);
    const bucket = `sms:${crypto.randomUUID()}`;
    expect((await consume(bucket, 1, 1)).allowed).toBe(true);
    expect((await consume(bucket, 1, 1)).allowed).toBe(false);
    expect((await consume(`${bucket}-other`, 1, 1)).allowed).toBe(true);
    await awayFromBoundary(1, 1_000);
    const next = await consume(bucket, 1, 1);
    expect(next).toEqual({ allowed: true, remaining: 0, retryAfterSeconds: 0 });
  });

  it('refuses nonsense arguments without writing a row', async () => {
    await expect(consume('', 5, 60)).rejects.toBeInstanceOf(ValidationError);
    await expect(consume('x'.repeat(201), 5, 60)).rejects.toBeInstanceOf(ValidationError);
    await expect(consume('api:bad-limit', 0, 60)).rejects.toBeInstanceOf(ValidationError);
    await expect(consume('api:bad-window', 5, 1.5)).rejects.toBeInstanceOf(ValidationError);
    const rows = await ownerQuery('SELECT 1 FROM rate_limit_buckets WHERE bucket LIKE $1', [
      'api:bad-%',
    ]);
    expect(rows).toHaveLength(0);
  });

  it('the sweep removes buckets whose window is over and keeps current ones', async () => {
    const old = `api:${crypto.randomUUID()}`;
    const current = `api:${crypto.randomUUID()}`;
    await consume(old, 5, 60);
    await consume(current, 5, 3600);
    await ownerQuery(
      `UPDATE rate_limit_buckets SET expires_at = now() - interval '1 second' WHERE bucket = $1`,
      [old],
    );
    await withSystemTx((tx) => sweepRateLimitBuckets(tx));
    const left = await ownerQuery<{ bucket: string }>(
      'SELECT bucket FROM rate_limit_buckets WHERE bucket = ANY($1)',
      [[old, current]],
    );
    expect(left.map((r) => r.bucket)).toEqual([current]);
  });
});
