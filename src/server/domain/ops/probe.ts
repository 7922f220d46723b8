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

/**
 * The worker ran the probe: a machine fact, kept as the job's outcome in probe_runs rather than in
 * the audit trail (which holds the person's request above).
 */
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
  await tx.probeRun.create({
    data: {
      tenantId: input.tenantId,
      jobId: BigInt(input.jobId),
      attempt: input.attempt,
      note: input.note,
      requestId: input.requestId,
    },
  });
}
