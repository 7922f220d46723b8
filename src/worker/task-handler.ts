// Wraps each task handler with what every job needs: payload validation (an invalid payload
// fails permanently, not max-attempts times), a timeout, the originating request id in every
// log line, and outcome metrics.
import type { JobHelpers, Task } from 'graphile-worker';
import { taskDefinitions, type TaskInput, type TaskName } from '@/server/jobs/definitions';
import type { JobMeta } from '@/server/jobs/enqueue';
import { logger } from '@/server/obs/logger';
import { getMetrics } from '@/server/obs/metrics';
import { runWithRequestContext } from '@/server/obs/request-context';

export type TaskContext = {
  jobId: string;
  attempt: number;
  maxAttempts: number;
  signal: AbortSignal;
  log: typeof logger;
};

export type TaskHandler<N extends TaskName> = (payload: TaskInput<N>, ctx: TaskContext) => Promise<void>;

export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

export class JobTimeoutError extends Error {
  override name = 'JobTimeoutError';
}

async function failPermanently(helpers: JobHelpers): Promise<void> {
  // fail_job then leaves attempts = max_attempts, so the job is never picked again.
  await helpers.query('UPDATE graphile_worker._private_jobs SET max_attempts = attempts WHERE id = $1', [helpers.job.id]);
}

export function wrapTask<N extends TaskName>(name: N, handler: TaskHandler<N>): Task {
  const definition = taskDefinitions[name];
  return async (rawPayload, helpers) => {
    const metrics = getMetrics();
    const started = performance.now();
    const raw = (rawPayload ?? {}) as Record<string, unknown> & { _meta?: JobMeta };
    const { _meta: meta, ...rest } = raw;
    const requestId = meta?.requestId ?? `job-${helpers.job.id}`;
    return runWithRequestContext({ requestId }, async () => {
      const log = logger.child({ task: name, jobId: helpers.job.id, attempt: helpers.job.attempts });
      const outcome = (label: 'success' | 'failure') =>
        metrics.jobDuration.observe({ task: name, outcome: label }, (performance.now() - started) / 1000);
      try {
        const parsed = definition.schema.safeParse(rest);
        if (!parsed.success) {
          throw new PermanentJobError(`invalid payload: ${parsed.error.message}`);
        }
        const controller = new AbortController();
        const onAbort = () => controller.abort(helpers.abortSignal.reason);
        helpers.abortSignal.addEventListener('abort', onAbort);
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([
            handler(parsed.data as TaskInput<N>, {
              jobId: helpers.job.id,
              attempt: helpers.job.attempts,
              maxAttempts: helpers.job.max_attempts,
              signal: controller.signal,
              log,
            }),
            new Promise<never>((_, reject) => {
              timer = setTimeout(() => {
                controller.abort();
                reject(new JobTimeoutError(`${name} exceeded its ${definition.timeoutMs} ms timeout`));
              }, definition.timeoutMs);
            }),
          ]);
        } finally {
          clearTimeout(timer);
          helpers.abortSignal.removeEventListener('abort', onAbort);
        }
        metrics.jobsCompleted.inc({ task: name });
        outcome('success');
        log.info('job completed');
      } catch (error) {
        if (error instanceof PermanentJobError) await failPermanently(helpers).catch(() => undefined);
        metrics.jobsFailed.inc({ task: name });
        outcome('failure');
        log.warn({ err: error }, 'job attempt failed');
        throw error;
      }
    });
  };
}
