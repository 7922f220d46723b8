// Webhook limits, across all processes (Postgres buckets, leased in batches when generous:
// rate-limit-lease.ts), in two kinds:
// - Unverified traffic per client address and provider (WEBHOOK_RATE_LIMIT_PER_MINUTE, 100): every
//   delivery refused before its signature held (unknown connection, bad or missing signature,
//   stale timestamp, oversize) counts. An address past it is refused at once for the rest of the
//   window, before any lookup or verification. Verified deliveries never count here, so a
//   provider's callbacks are not throttled by the limit meant for strangers.
// - Verified traffic per connection (WEBHOOK_CONNECTION_RATE_LIMIT_PER_MINUTE, 200,000): high
//   enough for a campaign's delivery reports at the default send rate (two callbacks a message at
//   30,000 messages a minute) with room for a burst, low enough that a leaked secret cannot flood
//   a tenant's queue without end.
import { getPrisma } from '../db/client';
import { getEnv } from '../env';
import { consumeRateLimit, type RateLimitResult } from '../domain/rate-limit/consume';
import type { ProviderName } from '../providers/types';
import { RateLimitLeases } from './rate-limit-lease';

const leases = new RateLimitLeases((bucket, limit, windowSeconds, take) =>
  consumeRateLimit(getPrisma(), { bucket, limit, windowSeconds, take }),
);

/** Addresses over their unverified limit, until their window ends (monotonic ms). Bounded. */
const blocked = new Map<string, number>();
const MAX_BLOCKED = 10_000;

const addressBucket = (provider: ProviderName, ip: string) => `webhook-ip:${provider}:${ip}`;

/** Seconds this address must still wait (0: go on), known to this process without a query. */
export function addressBlockedFor(provider: ProviderName, ip: string): number {
  const key = addressBucket(provider, ip);
  const until = blocked.get(key);
  if (until === undefined) return 0;
  const left = until - performance.now();
  if (left <= 0) {
    blocked.delete(key);
    return 0;
  }
  return Math.ceil(left / 1000);
}

/** Counts one refused, unverified delivery against its address. */
export async function countUnverifiedDelivery(
  provider: ProviderName,
  ip: string,
): Promise<RateLimitResult> {
  const key = addressBucket(provider, ip);
  const result = await leases.consume(key, getEnv().WEBHOOK_RATE_LIMIT_PER_MINUTE, 60);
  if (!result.allowed) {
    if (blocked.size >= MAX_BLOCKED) {
      const now = performance.now();
      for (const [k, until] of blocked) if (until <= now) blocked.delete(k);
      if (blocked.size >= MAX_BLOCKED) blocked.delete(blocked.keys().next().value!);
    }
    blocked.set(key, performance.now() + result.retryAfterSeconds * 1000);
  }
  return result;
}

/** One verified delivery against its connection's limit. */
export async function consumeConnectionRateLimit(connectionId: string): Promise<RateLimitResult> {
  return leases.consume(
    `webhook-conn:${connectionId}`,
    getEnv().WEBHOOK_CONNECTION_RATE_LIMIT_PER_MINUTE,
    60,
  );
}
