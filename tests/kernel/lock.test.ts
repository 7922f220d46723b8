// withLock: one holder at a time per key, different keys in parallel, a bounded wait that fails
// with LockTimeoutError (409 at the API), lock_wait_seconds observed. Real concurrency: every
// holder is its own transaction on its own pooled connection.
import { describe, expect, it } from 'vitest';
import { withSystemTx } from '../../src/server/db/tx';
import { withLock } from '../../src/server/db/lock';
import { LockTimeoutError } from '../../src/server/domain/errors';
import { toTRPCError } from '../../src/server/trpc/errors';
import { getRegistry } from '../../src/server/obs/metrics';
import { resetEnvForTests } from '../../src/server/env';

// 20 holders + 1 observer need their own connections at once.
process.env.DB_POOL_MAX = '30';
resetEnvForTests();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Span = { start: number; end: number };

async function holdFor(key: string, ms: number, spans: Span[], options: { waitMs?: number } = {}) {
  return withSystemTx(
    (tx) =>
      withLock(
        tx,
        key,
        async () => {
          const span = { start: performance.now(), end: 0 };
          await sleep(ms);
          span.end = performance.now();
          spans.push(span);
        },
        options,
      ),
    { timeoutMs: 60_000 },
  );
}

function maxOverlap(spans: Span[]): number {
  const events = spans.flatMap((s) => [
    { t: s.start, d: 1 },
    { t: s.end, d: -1 },
  ]);
  events.sort((a, b) => a.t - b.t || a.d - b.d);
  let now = 0;
  let max = 0;
  for (const e of events) {
    now += e.d;
    max = Math.max(max, now);
  }
  return max;
}

async function lockWaitCount(outcome: string): Promise<number> {
  const metric = (await getRegistry().getMetricsAsJSON()).find(
    (m) => m.name === 'lock_wait_seconds',
  );
  return Number(
    metric?.values.find(
      (v) =>
        v.labels.outcome === outcome &&
        (v as { metricName?: string }).metricName === 'lock_wait_seconds_count',
    )?.value ?? 0,
  );
}

describe('withLock', () => {
  it('20 concurrent holders of one key run strictly one at a time', async () => {
    const spans: Span[] = [];
    const acquiredBefore = await lockWaitCount('acquired');
    await Promise.all(
      Array.from({ length: 20 }, () =>
        holdFor('appointment:assign:one', 25, spans, { waitMs: 20_000 }),
      ),
    );
    expect(spans).toHaveLength(20);
    expect(maxOverlap(spans)).toBe(1);
    // serialized: the whole run takes at least 20 × 25 ms
    const total = Math.max(...spans.map((s) => s.end)) - Math.min(...spans.map((s) => s.start));
    expect(total).toBeGreaterThanOrEqual(20 * 25 - 5);
    expect((await lockWaitCount('acquired')) - acquiredBefore).toBe(20);
  });

  it('holders of 20 different keys run in parallel', async () => {
    const spans: Span[] = [];
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => holdFor(`appointment:assign:${i}`, 300, spans)),
    );
    expect(maxOverlap(spans)).toBeGreaterThanOrEqual(10);
    expect(performance.now() - started).toBeLessThan(20 * 300);
  });

  it('a bounded wait ends in LockTimeoutError (a 409), not a hang, and the holder is unaffected', async () => {
    const spans: Span[] = [];
    const timeoutsBefore = await lockWaitCount('timeout');
    const holder = holdFor('campaign:launch:busy', 800, spans);
    await sleep(100);
    const started = performance.now();
    const waiter = holdFor('campaign:launch:busy', 10, [], { waitMs: 200 });
    const error = await waiter.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LockTimeoutError);
    expect(performance.now() - started).toBeLessThan(700);
    expect(toTRPCError(error)?.code).toBe('CONFLICT');
    await holder;
    expect(spans).toHaveLength(1);
    expect((await lockWaitCount('timeout')) - timeoutsBefore).toBe(1);
  });

  it('the lock is released at commit and at rollback', async () => {
    await withSystemTx((tx) => withLock(tx, 'released:commit', () => Promise.resolve()));
    await withSystemTx((tx) =>
      withLock(tx, 'released:commit', () => Promise.resolve(), { waitMs: 100 }),
    );
    await withSystemTx((tx) =>
      withLock(tx, 'released:rollback', () => Promise.reject(new Error('boom'))),
    ).catch(() => undefined);
    await withSystemTx((tx) =>
      withLock(tx, 'released:rollback', () => Promise.resolve(), { waitMs: 100 }),
    );
  });
});
