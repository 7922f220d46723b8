// The analysis simulator's callback: one signed POST of a job's outcome to its callback URL. A
// 5xx, 429 or no answer throws, so the job retries with backoff (the receiver dedupes on the
// webhook-id, and a callback is only a hint anyway); any other answer is final and logged.
import { analysisCallbackSecret, callbackDelivery } from '@/server/simulators/analysis/callbacks';
import { loadSimulatedJob, recordCallbackPost } from '@/server/simulators/analysis/jobs';
import { postDelivery } from '@/server/simulators/post';
import type { TaskHandler } from '../task-handler';

export const simulatorAnalysisCallback: TaskHandler<'simulator.analysis-callback'> = async (
  { jobId, copy },
  ctx,
) => {
  const job = await loadSimulatedJob(jobId);
  if (!job) {
    ctx.log.warn({ jobId }, 'simulated analysis job gone; no callback to send');
    return;
  }
  const secret = await analysisCallbackSecret(job.callbackUrl);
  if (!secret) {
    // The connection was deleted: the receiver would refuse any signature, so none is sent.
    ctx.log.warn({ jobId }, 'callback URL names no analysis connection; callback not sent');
    return;
  }
  const delivery = callbackDelivery(job, copy, secret);
  const status = await postDelivery(delivery, ctx.signal);
  await recordCallbackPost(jobId, copy, delivery.headers['webhook-id']!, status);
  if (status >= 500 || status === 429)
    throw new Error(`analysis callback ${copy} for ${jobId} answered ${status}`);
  if (status >= 400)
    ctx.log.warn({ jobId, copy, status }, 'analysis callback refused; not retried');
};
