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
  if (payload.holdMs > 0) await new Promise((resolve) => setTimeout(resolve, payload.holdMs));
  await withTenantTx(payload.tenantId, (tx) =>
    recordProbeRun(tx, {
      tenantId: payload.tenantId,
      jobId: ctx.jobId,
      attempt: ctx.attempt,
      note: payload.note,
      requestId: getRequestContext()?.requestId ?? null,
    }),
  );
  ctx.log.info('probe ran');
};
