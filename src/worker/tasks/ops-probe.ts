import { withTenantTx } from '@/server/db/tx';
import { recordProbeRun } from '@/server/domain/ops/probe';
import { getRequestContext } from '@/server/obs/request-context';
import type { TaskHandler } from '../task-handler';

export const opsProbe: TaskHandler<'ops.probe'> = async (payload, ctx) => {
  if (ctx.attempt <= payload.failTimes) {
    throw new Error(
      `probe failing on purpose (attempt ${ctx.attempt} of ${payload.failTimes} planned failures)`,
    );
  }
  await withTenantTx(
    payload.tenantId,
    async (tx) => {
      // Simulated work is database work, so a timeout or a shutdown stops it as it would stop
      // real work (the transaction's backend is terminated when the attempt is aborted).
      if (payload.holdMs > 0) await tx.$executeRaw`SELECT pg_sleep(${payload.holdMs / 1000})`;
      await recordProbeRun(tx, {
        tenantId: payload.tenantId,
        jobId: ctx.jobId,
        attempt: ctx.attempt,
        note: payload.note,
        requestId: getRequestContext()?.requestId ?? null,
      });
    },
    { timeoutMs: payload.holdMs + 10_000 },
  );
  ctx.log.info('probe ran');
};
