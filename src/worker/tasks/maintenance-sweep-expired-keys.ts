import { withSystemTx } from '@/server/db/tx';
import { sweepIdempotencyKeys } from '@/server/domain/idempotency/records';
import { sweepRateLimitBuckets } from '@/server/domain/rate-limit/consume';
import { sweepSignInThrottles } from '@/server/domain/auth/sign-in-throttle';
import type { TaskHandler } from '../task-handler';

export const sweepExpiredKeys: TaskHandler<'maintenance.sweep-expired-keys'> = async (
  _payload,
  ctx,
) => {
  const idempotencyKeys = await withSystemTx((tx) => sweepIdempotencyKeys(tx));
  const rateLimitBuckets = await withSystemTx((tx) => sweepRateLimitBuckets(tx));
  const signInThrottles = await withSystemTx((tx) => sweepSignInThrottles(tx));
  ctx.log.info(
    { idempotencyKeys, rateLimitBuckets, signInThrottles },
    'swept expired idempotency keys and rate-limit buckets',
  );
};
