// Enqueue inside the caller's transaction: add_job (through app_add_job) runs on the same connection,
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
  /** Fewer attempts than the task's own maximum (never more). */
  maxAttempts?: number;
};

export type JobMeta = { requestId?: string };

export async function enqueue<N extends TaskName>(
  tx: Tx,
  task: N,
  payload: TaskPayload<N>,
  options: EnqueueOptions = {},
): Promise<void> {
  const definition = taskDefinitions[task];
  // Validate now so a bad payload fails the caller, not 25 worker attempts later.
  definition.schema.parse(payload);
  const requestId = getRequestContext()?.requestId;
  const body = { ...(payload as object), _meta: { requestId } satisfies JobMeta };
  await tx.$executeRaw`
    SELECT app_add_job(
      ${task}::text,
      ${JSON.stringify(body)}::json,
      ${options.queueName ?? null}::text,
      ${options.runAt ?? null}::timestamptz,
      ${Math.max(1, Math.min(options.maxAttempts ?? definition.maxAttempts, definition.maxAttempts))}::int,
      ${options.jobKey ?? null}::text,
      ${options.priority ?? null}::int,
      ${options.jobKey ? (options.jobKeyMode ?? 'unsafe_dedupe') : null}::text
    )`;
}
