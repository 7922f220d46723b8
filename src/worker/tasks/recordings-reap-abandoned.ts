import { withSystemTx } from '@/server/db/tx';
import { getEnv } from '@/server/env';
import { abandonStaleRecordings } from '@/server/domain/recordings';
import type { TaskHandler } from '../task-handler';

/** Batches of one transaction each, so a large backlog never holds row locks for long. */
const MAX_BATCHES = 20;

export const recordingsReapAbandoned: TaskHandler<'recordings.reap-abandoned'> = async (
  _payload,
  ctx,
) => {
  const afterMinutes = getEnv().RECORDING_ABANDON_AFTER_MINUTES;
  const now = new Date();
  let abandoned = 0;
  for (let batch = 0; batch < MAX_BATCHES && !ctx.signal.aborted; batch++) {
    const result = await withSystemTx((tx) => abandonStaleRecordings(tx, { now, afterMinutes }));
    abandoned += result.abandoned;
    if (!result.hasMore) break;
  }
  if (abandoned > 0) ctx.log.info({ abandoned, afterMinutes }, 'abandoned stale recordings');
};
