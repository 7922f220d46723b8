import { withTenantTx } from '@/server/db/tx';
import { recordProbeRun } from '@/server/domain/ops/probe';
import type { TaskHandler } from '../task-handler';

export const opsProbe: TaskHandler<'ops.probe'> = async (payload, ctx) => {
  if (ctx.attempt <= payload.failTimes) {
    throw new Error(`probe failing on purpose (attempt ${ctx.attempt} of ${payload.failTimes} planned failures)`);
  }
  await withTenantTx(payload.tenantId, (tx) =>
    recordProbeRun(tx, payload.tenantId, { jobId: ctx.jobId, attempt: ctx.attempt, note: payload.note }),
  );
  ctx.log.info('probe ran');
};
