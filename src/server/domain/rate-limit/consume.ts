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

export async function consumeRateLimit(tx: Tx, bucket: string, limit: number, windowSeconds: number): Promise<RateLimitResult> {
  if (!bucket || bucket.length > MAX_BUCKET_LENGTH) throw new ValidationError(`rate-limit bucket must be 1-${MAX_BUCKET_LENGTH} characters`);
  if (!Number.isInteger(limit) || limit < 1) throw new ValidationError('rate limit must be a positive integer');
  if (!Number.isInteger(windowSeconds) || windowSeconds < 1) throw new ValidationError('rate-limit window must be a positive number of seconds');

  // A statement that computed its window just before a boundary may get the row after another
  // one moved it to the next window: it then counts in the newer window (greatest/else branch)
  // instead of resetting the count back.
  const rows = await tx.$queryRaw<{ hits: number; reset_in: number }[]>`
    INSERT INTO rate_limit_buckets AS b (bucket, window_start, window_seconds, hits, expires_at)
    SELECT ${bucket}, w.start, ${windowSeconds}::int, 1, w.start + make_interval(secs => ${windowSeconds}::int)
      FROM (SELECT to_timestamp(floor(extract(epoch FROM clock_timestamp()) / ${windowSeconds}::int) * ${windowSeconds}::int) AS start) w
    ON CONFLICT (bucket) DO UPDATE SET
      hits = CASE
        WHEN b.window_seconds <> excluded.window_seconds OR excluded.window_start > b.window_start THEN 1
        ELSE least(b.hits + 1, 2147483647)
      END,
      window_start = CASE WHEN b.window_seconds <> excluded.window_seconds THEN excluded.window_start
                          ELSE greatest(b.window_start, excluded.window_start) END,
      window_seconds = excluded.window_seconds,
      expires_at = CASE WHEN b.window_seconds <> excluded.window_seconds THEN excluded.expires_at
                        ELSE greatest(b.expires_at, excluded.expires_at) END
    RETURNING hits, greatest(1, ceil(extract(epoch FROM expires_at - clock_timestamp())))::int AS reset_in`;
  const row = rows[0];
  if (!row) throw new Error('rate-limit upsert returned no row');
  const allowed = row.hits <= limit;
  if (!allowed) getMetrics().rateLimited.inc({ bucket_kind: bucketKind(bucket) });
  return { allowed, remaining: Math.max(0, limit - row.hits), retryAfterSeconds: allowed ? 0 : row.reset_in };
}

/** Drops buckets whose window is over (the hourly kernel sweep). */
export async function sweepRateLimitBuckets(tx: Tx): Promise<number> {
  return tx.$executeRaw`DELETE FROM rate_limit_buckets WHERE expires_at < now()`;
}
