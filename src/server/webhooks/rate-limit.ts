// Per client IP and provider, across all processes (Postgres buckets). Each upsert is one
// autocommit statement on the pool, outside any delivery's own work, so the bucket's row lock is
// held for that statement only. Generous limits are leased to this process in batches
// (rate-limit-lease.ts): a flood from one address then costs one upsert per lease instead of one
// per delivery on a single hot row; the default 100/min stays exact (one upsert per delivery).
import { getPrisma } from '../db/client';
import { getEnv } from '../env';
import { consumeRateLimit, type RateLimitResult } from '../domain/rate-limit/consume';
import type { ProviderName } from '../providers/types';
import { RateLimitLeases } from './rate-limit-lease';

const leases = new RateLimitLeases((bucket, limit, windowSeconds, take) =>
  consumeRateLimit(getPrisma(), bucket, limit, windowSeconds, take),
);

export async function consumeWebhookRateLimit(
  provider: ProviderName,
  ip: string,
): Promise<RateLimitResult> {
  return leases.consume(`webhook-ip:${provider}:${ip}`, getEnv().WEBHOOK_RATE_LIMIT_PER_MINUTE, 60);
}
