// Wraps each task handler with what every job needs: payload validation (an invalid payload
// fails permanently, not max-attempts times), a timeout, the originating request id in every
// log line, outcome metrics, jittered retry backoff, and the dead letter when the last attempt
// fails.
import type { JobHelpers, Task } from 'graphile-worker';
import { taskDefinitions, type TaskInput, type TaskName } from '@/server/jobs/definitions';
import type { JobMeta } from '@/server/jobs/enqueue';
import { withSystemTx } from '@/server/db/tx';
import { markDeadLetterResolved, recordDeadLetter } from '@/server/domain/jobs/dead-letter-capture';
import { logger } from '@/server/obs/logger';
import { getMetrics } from '@/server/obs/metrics';
import { runWithRequestContext } from '@/server/obs/request-context';
import { captureException } from '@/server/obs/sentry';

export type TaskContext = {
  jobId: string;
  /** Runs of this work so far, this one included, counting runs before a dead-letter retry. */
  attempt: number;
  /** The attempt after which this run would become a dead letter again. */
  maxAttempts: number;
  signal: AbortSignal;
  log: typeof logger;
};

export type TaskHandler<N extends TaskName> = (
  payload: TaskInput<N>,
  ctx: TaskContext,
) => Promise<void>;

/**
 * What the queue adds to a payload. A dead-letter retry revives the job with attempts = 0 (so
 * graphile's backoff and budget start afresh) and records the runs before it in priorAttempts;
 * firstFailedAt is stamped on the first failure, for the dead letter.
 */
type QueueMeta = JobMeta & { priorAttempts?: number; firstFailedAt?: string };

export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

export class JobTimeoutError extends Error {
  override name = 'JobTimeoutError';
}

/** Fraction of graphile's exponential delay added at random, at most (0.5 → up to +50 %). */
const JITTER_FRACTION = 0.5;

async function failPermanently(helpers: JobHelpers): Promise<void> {
  // fail_job then leaves attempts = max_attempts, so the job is never picked again.
  await helpers.query(
    'UPDATE graphile_worker._private_jobs SET max_attempts = attempts WHERE id = $1',
    [helpers.job.id],
  );
}

/**
 * Jitter for the retry. graphile's fail_job (run right after this handler throws) sets
 * run_at = greatest(now(), run_at) + exp(least(attempts, 10)) s, with no randomness, so jobs that
 * failed together (a provider outage) would retry together forever. Pushing run_at forward by a
 * random share of that same delay first makes fail_job add its exponential delay on top:
 * next run = now + exp(n) × (1 + U[0, 0.5)). The same statement stamps the first failure time.
 */
async function addRetryJitter(helpers: JobHelpers): Promise<void> {
  await helpers.query(
    `UPDATE graphile_worker._private_jobs
        SET run_at = greatest(now(), run_at) + random() * $2::float8 * exp(least(attempts, 10)) * interval '1 second',
            payload = CASE WHEN payload::jsonb #> '{_meta,firstFailedAt}' IS NULL
              THEN (payload::jsonb || jsonb_build_object('_meta', coalesce(payload::jsonb->'_meta', '{}'::jsonb) || jsonb_build_object('firstFailedAt', now())))::json
              ELSE payload END
      WHERE id = $1 AND locked_by IS NOT NULL`,
    [helpers.job.id, JITTER_FRACTION],
  );
}

async function captureDeadLetter(
  helpers: JobHelpers,
  name: TaskName,
  payload: Record<string, unknown>,
  meta: QueueMeta | undefined,
  error: unknown,
): Promise<void> {
  const job = helpers.job;
  const queueName =
    job.job_queue_id === null
      ? null
      : ((
          await helpers.query<{ queue_name: string }>(
            'SELECT queue_name FROM graphile_worker._private_job_queues WHERE id = $1',
            [job.job_queue_id],
          )
        ).rows[0]?.queue_name ?? null);
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  await withSystemTx((tx) =>
    recordDeadLetter(tx, {
      jobId: job.id,
      task: name,
      jobKey: job.key,
      queueName,
      priority: job.priority,
      payload,
      requestId: meta?.requestId ?? null,
      lastError: message,
      attempts: (meta?.priorAttempts ?? 0) + job.attempts,
      firstFailedAt: meta?.firstFailedAt ? new Date(meta.firstFailedAt) : new Date(),
    }),
  );
}

export function wrapTask<N extends TaskName>(name: N, handler: TaskHandler<N>): Task {
  const definition = taskDefinitions[name];
  return async (rawPayload, helpers) => {
    const metrics = getMetrics();
    const started = performance.now();
    const raw = (rawPayload ?? {}) as Record<string, unknown> & { _meta?: QueueMeta };
    const { _meta: meta, ...rest } = raw;
    const requestId = meta?.requestId ?? `job-${helpers.job.id}`;
    const priorAttempts = meta?.priorAttempts ?? 0;
    return runWithRequestContext({ requestId }, async () => {
      const attempt = priorAttempts + helpers.job.attempts;
      const log = logger.child({ task: name, jobId: helpers.job.id, attempt });
      const outcome = (label: 'success' | 'failure') =>
        metrics.jobDuration.observe(
          { task: name, outcome: label },
          (performance.now() - started) / 1000,
        );
      try {
        const parsed = definition.schema.safeParse(rest);
        if (!parsed.success) {
          throw new PermanentJobError(`invalid payload: ${parsed.error.message}`);
        }
        const controller = new AbortController();
        const onAbort = () => controller.abort(helpers.abortSignal.reason);
        helpers.abortSignal.addEventListener('abort', onAbort);
        let timer: NodeJS.Timeout | undefined;
        let timedOut: JobTimeoutError | undefined;
        try {
          // The handler runs with the attempt's signal in its context, so every transaction it
          // opens stops when the signal fires (db/tx.ts: underSignal).
          const run = runWithRequestContext({ requestId, signal: controller.signal }, () =>
            handler(parsed.data as TaskInput<N>, {
              jobId: helpers.job.id,
              attempt,
              maxAttempts: priorAttempts + helpers.job.max_attempts,
              signal: controller.signal,
              log,
            }),
          );
          const deadline = new Promise<void>((resolve) => {
            timer = setTimeout(() => {
              timedOut = new JobTimeoutError(
                `${name} exceeded its ${definition.timeoutMs} ms timeout`,
              );
              controller.abort(timedOut);
              resolve();
            }, definition.timeoutMs);
          });
          await Promise.race([run, deadline]);
          if (timedOut) {
            // The job stays locked until the attempt has really stopped, so graphile cannot
            // hand its retry to another worker while this one still runs.
            log.warn('job timed out: aborted, waiting for the attempt to stop');
            await run.catch(() => undefined);
            throw timedOut;
          }
        } finally {
          clearTimeout(timer);
          helpers.abortSignal.removeEventListener('abort', onAbort);
        }
        metrics.jobsCompleted.inc({ task: name });
        outcome('success');
        log.info('job completed');
        if (priorAttempts > 0) {
          // A retried dead letter finished: close it. Bookkeeping only; the work is done.
          await withSystemTx((tx) => markDeadLetterResolved(tx, { jobId: helpers.job.id })).catch(
            (err: unknown) => log.error({ err }, 'could not mark the dead letter resolved'),
          );
        }
      } catch (error) {
        const permanent = error instanceof PermanentJobError;
        if (permanent) await failPermanently(helpers).catch(() => undefined);
        metrics.jobsFailed.inc({ task: name });
        outcome('failure');
        if (permanent || helpers.job.attempts >= helpers.job.max_attempts) {
          log.error({ err: error }, 'job failed for the last time: dead letter');
          // One Sentry event per dead letter, not per attempt: retries are expected, this is not.
          captureException(error, { task: name, job_id: helpers.job.id });
          // Written before graphile's fail_job commits; if this process dies in between, the job
          // stays locked and shows up under stuck jobs instead of vanishing.
          await captureDeadLetter(helpers, name, rest, meta, error).catch((err: unknown) =>
            log.error({ err, cause: error }, 'could not record the dead letter'),
          );
        } else {
          log.warn({ err: error }, 'job attempt failed; will retry');
          await addRetryJitter(helpers).catch((err: unknown) =>
            log.warn({ err }, 'could not add retry jitter'),
          );
        }
        throw error;
      }
    });
  };
}
