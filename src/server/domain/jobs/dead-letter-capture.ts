// Writing dead letters, called by the worker's task wrapper when a job fails for the last time
// (attempts exhausted, or a permanent failure such as an invalid payload). Runs in withSystemTx:
// the dead letter belongs to the payload's tenant, which the worker's transaction is not scoped to.
import type { Tx } from '../../db/tx';
import type { Prisma } from '../../db/generated/client';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type DeadJob = {
  jobId: string;
  task: string;
  jobKey: string | null;
  queueName: string | null;
  priority: number;
  /** The task payload without the worker's _meta. */
  payload: Record<string, unknown>;
  requestId: string | null;
  lastError: string;
  /** Every run of this work, including those before an earlier dead-letter retry. */
  attempts: number;
  firstFailedAt: Date;
};

/** The tenant a job works for: its payload's tenantId, or none (platform work such as cron sweeps). */
export function tenantOfPayload(payload: Record<string, unknown>): string | null {
  const id = payload.tenantId;
  return typeof id === 'string' && UUID.test(id) ? id.toLowerCase() : null;
}

/** Inserts the dead letter, or reopens the one a retry of this same job came from. */
export async function recordDeadLetter(tx: Tx, job: DeadJob): Promise<void> {
  const now = new Date();
  const lastError = job.lastError.slice(0, 10_000);
  await tx.deadLetter.upsert({
    where: { jobId: BigInt(job.jobId) },
    create: {
      tenantId: tenantOfPayload(job.payload),
      jobId: BigInt(job.jobId),
      task: job.task,
      jobKey: job.jobKey,
      queueName: job.queueName,
      priority: job.priority,
      payload: job.payload as Prisma.InputJsonObject,
      requestId: job.requestId,
      lastError,
      attempts: job.attempts,
      firstFailedAt: job.firstFailedAt,
      lastFailedAt: now,
    },
    update: {
      status: 'dead',
      lastError,
      attempts: job.attempts,
      lastFailedAt: now,
      resolvedAt: null,
    },
  });
}

/** A retried dead letter whose job then completed: closed as resolved. */
export async function markDeadLetterResolved(
  tx: Tx,
  { jobId }: { jobId: string },
): Promise<boolean> {
  const { count } = await tx.deadLetter.updateMany({
    where: { jobId: BigInt(jobId), status: 'retrying' },
    data: { status: 'resolved', resolvedAt: new Date() },
  });
  return count > 0;
}
