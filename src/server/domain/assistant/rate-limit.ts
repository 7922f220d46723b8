// The assistant's own per-tenant limit (ASSISTANT_RATE_LIMIT_PER_MINUTE, all processes together):
// answering and speech cost far more than a console read, so they are held to fewer calls than
// the general API limit they also count against. Consumed in a short transaction of its own.
import { withSystemTx } from '../../db/tx';
import { getEnv } from '../../env';
import { TooManyAttemptsError } from '../errors';
import { consumeRateLimit } from '../rate-limit/consume';

export async function consumeAssistantCall(tenantId: string): Promise<void> {
  const limit = getEnv().ASSISTANT_RATE_LIMIT_PER_MINUTE;
  const result = await withSystemTx((tx) =>
    consumeRateLimit(tx, { bucket: `assistant:${tenantId}`, limit, windowSeconds: 60 }),
  );
  if (!result.allowed)
    throw new TooManyAttemptsError(
      `this workspace asked the assistant more than ${limit} times in a minute; retry after ${result.retryAfterSeconds} s`,
      result.retryAfterSeconds,
    );
}
