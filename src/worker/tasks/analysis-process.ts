import { processAnalysisJob } from '@/server/domain/analysis/process';
import type { TaskHandler } from '../task-handler';

export const analysisProcess: TaskHandler<'analysis.process'> = async (payload, ctx) => {
  const outcome = await processAnalysisJob(payload.tenantId, payload.analysisJobId, {
    lastAttempt: ctx.attempt >= ctx.maxAttempts,
  });
  ctx.log.info({ analysisJobId: payload.analysisJobId, outcome }, 'analysis processed');
};
