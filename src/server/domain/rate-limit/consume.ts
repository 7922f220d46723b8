// Rate limits in Postgres, shared by every web and worker process.
//
// Fixed windows aligned to the epoch (a 60 s window runs :00–:59): one row per bucket holds the
// current window's start and hit count, and a single INSERT … ON CONFLICT DO UPDATE moves it
// forward. The conflict path takes the row lock, so concurrent callers serialize on it and the
// count can never be overtaken; no read-then-write race exists. A fixed window lets a burst of
// up to 2× the limit straddle a boundary; that is the accepted price for one row and one
// statement per call (a sliding log would need a row per hit).
//
// Hits are counted whether allowed or not, so a caller hammering past the limit stays refused
// until the window ends. Call it in a short transaction of its own (or early in a short one):
// the row lock on the bucket is held until that transaction ends.
import type { Tx } from '../../db/tx';
import { ValidationError } from '../errors';
import { getMetrics } from '../../obs/metrics';

export type RateLimitResult = { allowed: boolean; remaining: number; retryAfterSeconds: number };

const MAX_BUCKET_LENGTH = 200;

/** "webhook-ip:twilio:1.2.3.4" → "webhook-ip": a low-cardinality metric label. */
export function bucketKind(bucket: string): string {
  return bucket.split(':', 1)[0] || 'unknown';
}

/** What a call with `take` returns: how many of the requested tokens the bucket granted, and the
 * exact time left in the window they belong to (a lease must not outlive its window). */
export type RateLimitGrant = RateLimitResult & { granted: number; resetInMs: number };

const MAX_HITS = 2147483647;

export type RateLimitRequest = { bucket: string; limit: number; windowSeconds: number };

export async function consumeRateLimit(
  tx: Tx,
  input: RateLimitRequest & { take?: undefined },
): Promise<RateLimitResult>;
/**
 * With `take`: asks for up to `take` tokens at once (a process-local lease, see
 * src/server/webhooks/rate-limit-lease.ts). The bucket counts all `take` as hits and grants what
 * was left of the limit before this call, so the tokens granted per window never exceed `limit`
 * across all callers. take = 1 behaves exactly like the call without it.
 */
export async function consumeRateLimit(
  tx: Tx,
  input: RateLimitRequest & { take: number },
): Promise<RateLimitGrant>;
export async function consumeRateLimit(
  tx: Tx,
  { bucket, limit, windowSeconds, take }: RateLimitRequest & { take?: number },
): Promise<RateLimitResult | RateLimitGrant> {
  if (!bucket || bucket.length > MAX_BUCKET_LENGTH)
    throw new ValidationError(`rate-limit bucket must be 1-${MAX_BUCKET_LENGTH} characters`);
  if (!Number.isInteger(limit) || limit < 1)
    throw new ValidationError('rate limit must be a positive integer');
  if (!Number.isInteger(windowSeconds) || windowSeconds < 1)
    throw new ValidationError('rate-limit window must be a positive number of seconds');
  const tokens = take ?? 1;
  // limit + take within the int cap keeps `granted` exact even when hits saturates at the cap.
  if (take !== undefined && (!Number.isInteger(take) || take < 1 || limit + take > MAX_HITS))
    throw new ValidationError(
      'rate-limit take must be a positive integer (limit + take within int range)',
    );

  // A statement that computed its window just before a boundary may get the row after another
  // one moved it to the next window: it then counts in the newer window (greatest/else branch)
  // instead of resetting the count back.
  const rows = await tx.$queryRaw<{ hits: number; reset_in: number; reset_ms: number }[]>`
    INSERT INTO rate_limit_buckets AS b (bucket, window_start, window_seconds, hits, expires_at)
    SELECT ${bucket}, w.start, ${windowSeconds}::int, ${tokens}::int, w.start + make_interval(secs => ${windowSeconds}::int)
      FROM (SELECT to_timestamp(floor(extract(epoch FROM clock_timestamp()) / ${windowSeconds}::int) * ${windowSeconds}::int) AS start) w
    ON CONFLICT (bucket) DO UPDATE SET
      hits = CASE
        WHEN b.window_seconds <> excluded.window_seconds OR excluded.window_start > b.window_start THEN excluded.hits
        ELSE least(b.hits::bigint + excluded.hits, 2147483647)::int
      END,
      window_start = CASE WHEN b.window_seconds <> excluded.window_seconds THEN excluded.window_start
                          ELSE greatest(b.window_start, excluded.window_start) END,
      window_seconds = excluded.window_seconds,
      expires_at = CASE WHEN b.window_seconds <> excluded.window_seconds THEN excluded.expires_at
                        ELSE greatest(b.expires_at, excluded.expires_at) END
    RETURNING hits, greatest(1, ceil(extract(epoch FROM expires_at - clock_timestamp())))::int AS reset_in,
              greatest(0, extract(epoch FROM expires_at - clock_timestamp()) * 1000)::float8 AS reset_ms`;
  const row = rows[0];
  if (!row) throw new Error('rate-limit upsert returned no row');
  // hits - tokens is what the window had used before this call.
  const granted = Math.max(0, Math.min(tokens, limit - (row.hits - tokens)));
  const allowed = granted > 0;
  if (!allowed) getMetrics().rateLimited.inc({ bucket_kind: bucketKind(bucket) });
  const result: RateLimitResult = {
    allowed,
    remaining: Math.max(0, limit - row.hits),
    retryAfterSeconds: allowed ? 0 : row.reset_in,
  };
  return take === undefined ? result : { ...result, granted, resetInMs: row.reset_ms };
}

/** Drops buckets whose window is over (the hourly kernel sweep). */
export async function sweepRateLimitBuckets(tx: Tx): Promise<number> {
  return tx.$executeRaw`DELETE FROM rate_limit_buckets WHERE expires_at < now()`;
}
