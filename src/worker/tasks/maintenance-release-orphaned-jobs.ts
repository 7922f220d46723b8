import { withSystemTx } from '@/server/db/tx';
import { releaseOrphanedJobs as releaseOrphaned } from '@/server/domain/jobs/stuck-jobs';
import type { TaskHandler } from '../task-handler';

export const releaseOrphanedJobs: TaskHandler<'maintenance.release-orphaned-jobs'> = async (
  _payload,
  ctx,
) => {
  const released = await withSystemTx((tx) => releaseOrphaned(tx));
  if (released.length)
    ctx.log.warn({ jobIds: released }, 'released jobs held by workers whose heartbeat stopped');
};
