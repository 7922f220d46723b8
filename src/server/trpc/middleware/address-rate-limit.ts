// Per client address limits for public procedures (sign-up, accepting an invitation), where no
// tenant exists to count against. Same Postgres buckets and the same 429 + Retry-After as the
// tenant API limit (rate-limit.ts), in a short transaction of its own before the procedure runs.
import { TRPCError } from '@trpc/server';
import { t } from '../base';
import { withSystemTx } from '../../db/tx';
import { consumeRateLimit } from '../../domain/rate-limit/consume';
import { clientIp } from '@/lib/http/client-ip';
import { RateLimitExceeded } from './rate-limit';

export type AddressLimit = {
  /** Bucket prefix, e.g. "signup": buckets are "<name>:<address>". */
  name: string;
  /** Read per call, so configuration (and tests) can change it. */
  limit: () => number;
  windowSeconds: number;
  /** What was refused, for the message ("sign-ups from this address"). */
  what: string;
};

class AddressLimitExceeded extends RateLimitExceeded {
  constructor(retryAfterSeconds: number, what: string) {
    super(retryAfterSeconds, 0);
    this.message = `too many ${what}; retry after ${retryAfterSeconds} s`;
  }
}

export function addressRateLimit(options: AddressLimit) {
  return t.middleware(async ({ ctx, next }) => {
    const bucket = `${options.name}:${clientIp(ctx.headers)}`;
    const result = await withSystemTx((tx) =>
      consumeRateLimit(tx, {
        bucket,
        limit: options.limit(),
        windowSeconds: options.windowSeconds,
      }),
    );
    if (!result.allowed) {
      const cause = new AddressLimitExceeded(result.retryAfterSeconds, options.what);
      throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: cause.message, cause });
    }
    return next();
  });
}
