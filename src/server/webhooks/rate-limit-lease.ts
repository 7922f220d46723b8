// Token leasing over the Postgres rate-limit buckets (consumeRateLimit with `take`).
//
// Why: every webhook from one address hits ONE bucket row, and the upsert serializes on that
// row's lock; under load that row, not the delivery's own work, sets the pace. A process instead
// takes k tokens from the bucket in one upsert and hands them out locally until the lease runs
// out or the window ends.
//
// k = clamp(floor(limit / 100), 1, 1000). At k = 1 (every limit below 200, the default 100/min
// included) nothing is leased: each call is one upsert exactly as before, so small limits stay
// exact. Only generous limits batch, and then a lease is at most 1 % of the limit.
//
// Bounds, per window, with P processes (module instances) sharing a bucket:
// - Over-admission: the bucket grants at most `limit` tokens per window across all callers, and
//   a lease expires locally at sentAt + (time the database said was left in the window), i.e. no
//   later than the window's end, so tokens are never spent in a window they were not granted
//   for. What could still slip across a boundary (a process clock running slower than the
//   database's) is what a process holds: at most k − 1 tokens, so at most (k − 1) × P per
//   window.
// - Under-admission: tokens leased but not used before the window ends are lost; at most
//   (k − 1) × P per window, so callers may be refused slightly before `limit` is reached.
import {
  bucketKind,
  type RateLimitGrant,
  type RateLimitResult,
} from '../domain/rate-limit/consume';
import { getMetrics } from '../obs/metrics';

export type GrantTokens = (
  bucket: string,
  limit: number,
  windowSeconds: number,
  take: number,
) => Promise<RateLimitGrant>;

export const MAX_LEASE = 1000;

export function leaseSize(limit: number): number {
  return Math.min(MAX_LEASE, Math.max(1, Math.floor(limit / 100)));
}

type Lease = {
  limit: number;
  windowSeconds: number;
  /** tokens left to hand out locally */
  tokens: number;
  /** the bucket's remaining count when this lease was taken (for `remaining`, an estimate) */
  bucketRemaining: number;
  /** monotonic ms; the lease is void from then on */
  expiresAt: number;
  /** the bucket granted less than asked: nothing more this window, refuse locally until expiresAt */
  exhausted: boolean;
};

export class RateLimitLeases {
  private readonly leases = new Map<string, Lease>();
  private readonly pending = new Map<string, Promise<unknown>>();

  constructor(
    private readonly grant: GrantTokens,
    private readonly now: () => number = () => performance.now(),
    /** past this many buckets, expired leases are dropped (one per client address and provider) */
    private readonly sweepAbove = 10_000,
  ) {}

  async consume(bucket: string, limit: number, windowSeconds: number): Promise<RateLimitResult> {
    const take = leaseSize(limit);
    if (take === 1) {
      // Exact: one upsert per call, exactly what consumeRateLimit without a lease does.
      const { allowed, remaining, retryAfterSeconds } = await this.grant(
        bucket,
        limit,
        windowSeconds,
        1,
      );
      return { allowed, remaining, retryAfterSeconds };
    }
    for (;;) {
      const local = this.fromLease(bucket, limit, windowSeconds);
      if (local) return local;
      // One acquisition per bucket at a time: concurrent callers wait for it, then look again.
      const inFlight = this.pending.get(bucket);
      if (inFlight) {
        await inFlight.catch(() => undefined);
        continue;
      }
      const acquisition = this.acquire(bucket, limit, windowSeconds, take);
      this.pending.set(bucket, acquisition);
      try {
        return await acquisition;
      } finally {
        this.pending.delete(bucket);
      }
    }
  }

  /** Tokens a process holds for a bucket right now (tests and diagnostics). */
  held(bucket: string): number {
    const lease = this.leases.get(bucket);
    return lease && lease.expiresAt > this.now() ? lease.tokens : 0;
  }

  private fromLease(bucket: string, limit: number, windowSeconds: number): RateLimitResult | null {
    const lease = this.leases.get(bucket);
    if (!lease) return null;
    const now = this.now();
    if (lease.expiresAt <= now || lease.limit !== limit || lease.windowSeconds !== windowSeconds) {
      this.leases.delete(bucket);
      return null;
    }
    if (lease.tokens > 0) {
      lease.tokens -= 1;
      return {
        allowed: true,
        remaining: lease.tokens + lease.bucketRemaining,
        retryAfterSeconds: 0,
      };
    }
    if (!lease.exhausted) return null;
    getMetrics().rateLimited.inc({ bucket_kind: bucketKind(bucket) });
    return {
      allowed: false,
      remaining: 0,
      retryAfterSeconds: Math.max(1, Math.ceil((lease.expiresAt - now) / 1000)),
    };
  }

  private async acquire(
    bucket: string,
    limit: number,
    windowSeconds: number,
    take: number,
  ): Promise<RateLimitResult> {
    // Measured from before the statement: the lease then ends no later than the window does.
    const sentAt = this.now();
    const grant = await this.grant(bucket, limit, windowSeconds, take);
    if (this.leases.size >= this.sweepAbove) this.sweep();
    this.leases.set(bucket, {
      limit,
      windowSeconds,
      // the caller that asked spends the first granted token itself
      tokens: Math.max(0, grant.granted - 1),
      bucketRemaining: grant.remaining,
      expiresAt: sentAt + grant.resetInMs,
      exhausted: grant.granted < take,
    });
    const { allowed, retryAfterSeconds } = grant;
    return {
      allowed,
      remaining: Math.max(0, grant.granted - 1) + grant.remaining,
      retryAfterSeconds,
    };
  }

  private sweep(): void {
    const now = this.now();
    for (const [bucket, lease] of this.leases)
      if (lease.expiresAt <= now) this.leases.delete(bucket);
  }
}
