import type { Tx } from '../../db/tx';
import { enqueue } from '../../jobs/enqueue';
import { recordAudit } from '../audit/record';

export type ProbeRequest = {
  tenantId: string;
  actorId: string;
  failTimes: number;
  note: string;
  holdMs?: number;
  maxAttempts?: number;
};

/**
 * Queues a diagnostic job that fails `failTimes` times before succeeding. With `maxAttempts` at or
 * below `failTimes` it becomes a dead letter, which is how an operator drills the retry path.
 */
export async function requestProbe(tx: Tx, input: ProbeRequest): Promise<void> {
  await enqueue(
    tx,
    'ops.probe',
    {
      tenantId: input.tenantId,
      failTimes: input.failTimes,
      note: input.note,
      holdMs: input.holdMs ?? 0,
    },
    { maxAttempts: input.maxAttempts },
  );
  await recordAudit(tx, {
    tenantId: input.tenantId,
    actorId: input.actorId,
    action: 'ops.probe.requested',
    subject: 'worker',
    detail: {
      failTimes: input.failTimes,
      note: input.note,
      maxAttempts: input.maxAttempts ?? null,
    },
  });
}

export async function recordProbeRun(
  tx: Tx,
  tenantId: string,
  run: { jobId: string; attempt: number; note: string; requestId: string | null },
): Promise<void> {
  await recordAudit(tx, {
    tenantId,
    action: 'ops.probe.completed',
    subject: `job:${run.jobId}`,
    detail: run,
  });
}
