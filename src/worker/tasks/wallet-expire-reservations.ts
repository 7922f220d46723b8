import { withSystemTx } from '@/server/db/tx';
import { expireReservations } from '@/server/domain/wallet';
import type { TaskHandler } from '../task-handler';

/** Batches of one transaction each, so a large backlog never holds locks for long. */
const MAX_BATCHES = 20;

export const walletExpireReservations: TaskHandler<'wallet.expire-reservations'> = async (
  _payload,
  ctx,
) => {
  const totals = { expired: 0, settled: 0, releasedCredits: 0 };
  const now = new Date();
  for (let batch = 0; batch < MAX_BATCHES && !ctx.signal.aborted; batch++) {
    const result = await withSystemTx((tx) => expireReservations(tx, { now }));
    totals.expired += result.expired;
    totals.settled += result.settled;
    totals.releasedCredits += result.releasedCredits;
    if (!result.hasMore) break;
  }
  if (totals.expired + totals.settled > 0) ctx.log.info(totals, 'expired credit reservations');
};
