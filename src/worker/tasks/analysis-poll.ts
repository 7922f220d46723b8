import { withSystemTx } from '@/server/db/tx';
import { pollQuietAnalyses } from '@/server/domain/analysis/poll';
import type { TaskHandler } from '../task-handler';

export const analysisPoll: TaskHandler<'analysis.poll'> = async (_payload, ctx) => {
  const queued = await withSystemTx((tx) => pollQuietAnalyses(tx));
  if (queued > 0) ctx.log.info({ queued }, 'quiet analyses queued for a check');
};
