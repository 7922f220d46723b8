// Per client IP and provider, across all processes (Postgres buckets). One autocommit statement
// on the pool, outside the ingest transaction, so the bucket's row lock is held for that
// statement only and never across a delivery's own work.
import { getPrisma } from '../db/client';
import { getEnv } from '../env';
import { consumeRateLimit, type RateLimitResult } from '../domain/rate-limit/consume';
import type { ProviderName } from '../providers/types';

export async function consumeWebhookRateLimit(provider: ProviderName, ip: string): Promise<RateLimitResult> {
  return consumeRateLimit(getPrisma(), `webhook-ip:${provider}:${ip}`, getEnv().WEBHOOK_RATE_LIMIT_PER_MINUTE, 60);
}
