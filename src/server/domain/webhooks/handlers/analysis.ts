// Analysis callbacks are hints: the event names a job, and the job's analysis.process step
// (domain/analysis/process.ts) asks the service for the truth and applies it once. The handler
// only queues that step, in the transaction that marks the event PROCESSED: the service call
// stays out of this transaction (which holds the event's row lock), and a callback, the poller
// and any retry all share one job key per analysis job, so they never run the step side by side.
import type { AnalysisEvent } from '../../../providers/analysis/events';
import { enqueueProcess } from '../../analysis/poll';
import type { WebhookHandler } from './types';
import { recordApplied } from './record-applied';

export const analysisHandler: WebhookHandler<AnalysisEvent> = async (tx, stored) => {
  const { event } = stored;
  if (event.kind === 'other') return recordApplied(tx, stored);
  // Under RLS another tenant's job is not found: nothing is queued. A callback that beats the
  // submit job storing the service's id finds nothing either; the poller picks that job up.
  const job = await tx.analysisJob.findFirst({
    where: { providerJobId: event.analysisId },
    select: { id: true, status: true },
  });
  if (!job || job.status === 'COMPLETED' || job.status === 'FAILED')
    return recordApplied(tx, stored);
  await enqueueProcess(tx, { tenantId: stored.tenantId, analysisJobId: job.id });
};
