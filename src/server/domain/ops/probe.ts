import type { Tx } from '../../db/tx';
import { enqueue } from '../../jobs/enqueue';
import type { Actor } from '../audit/actor';
import { recordAudit } from '../audit/record';

export type ProbeRequest = {
  actor: Actor;
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
      tenantId: input.actor.tenantId,
      failTimes: input.failTimes,
      note: input.note,
      holdMs: input.holdMs ?? 0,
    },
    { maxAttempts: input.maxAttempts },
  );
  await recordAudit(tx, {
    tenantId: input.actor.tenantId,
    actorId: input.actor.userId,
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
  input: {
    tenantId: string;
    jobId: string;
    attempt: number;
    note: string;
    requestId: string | null;
  },
): Promise<void> {
  const { tenantId, ...run } = input;
  await recordAudit(tx, {
    tenantId,
    action: 'ops.probe.completed',
    subject: `job:${run.jobId}`,
    detail: run,
  });
}
