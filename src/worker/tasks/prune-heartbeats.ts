import { withSystemTx } from '@/server/db/tx';
import { pruneWorkerHeartbeats } from '@/server/domain/ops/heartbeats';
import type { TaskHandler } from '../task-handler';

export const pruneHeartbeats: TaskHandler<'maintenance.prune-heartbeats'> = async (
  _payload,
  ctx,
) => {
  const removed = await withSystemTx((tx) =>
    pruneWorkerHeartbeats(tx, { olderThanSeconds: 24 * 3600 }),
  );
  ctx.log.info({ removed }, 'pruned worker heartbeats');
};
