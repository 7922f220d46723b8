// Enqueue inside the caller's transaction: graphile_worker.add_job runs on the same connection,
// so a rolled-back transaction enqueues nothing and a committed one can never lose its job.
import type { Tx } from '../db/tx';
import { getRequestContext } from '../obs/request-context';
import { taskDefinitions, type TaskName, type TaskPayload } from './definitions';

export type EnqueueOptions = {
  /** Deduplicates: a second add with the same key replaces a pending job instead of adding one. */
  jobKey?: string;
  /** 'preserve_run_at' keeps the first schedule; 'unsafe_dedupe' never touches a pending job. */
  jobKeyMode?: 'replace' | 'preserve_run_at' | 'unsafe_dedupe';
  runAt?: Date;
  queueName?: string;
  priority?: number;
};

export type JobMeta = { requestId?: string };

export async function enqueue<N extends TaskName>(tx: Tx, task: N, payload: TaskPayload<N>, options: EnqueueOptions = {}): Promise<void> {
  const definition = taskDefinitions[task];
  // Validate now so a bad payload fails the caller, not 25 worker attempts later.
  definition.schema.parse(payload);
  const requestId = getRequestContext()?.requestId;
  const body = { ...(payload as object), _meta: { requestId } satisfies JobMeta };
  await tx.$executeRaw`
    SELECT graphile_worker.add_job(
      identifier => ${task}::text,
      payload => ${JSON.stringify(body)}::json,
      queue_name => ${options.queueName ?? null}::text,
      run_at => ${options.runAt ?? null}::timestamptz,
      max_attempts => ${definition.maxAttempts}::int,
      job_key => ${options.jobKey ?? null}::text,
      priority => ${options.priority ?? null}::int,
      job_key_mode => ${options.jobKey ? (options.jobKeyMode ?? 'unsafe_dedupe') : null}::text
    )`;
}
