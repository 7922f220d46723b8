import { withTenantTx } from '@/server/db/tx';
import { enqueueBatch, runSendBatch } from '@/server/domain/campaigns';
import { getSmsSender } from '@/server/simulators/clients';
import type { TaskHandler } from '../task-handler';

/**
 * One run of a batch. When the run says "come back later" (rate limit, backoff, in-doubt grace,
 * or a shutdown in the middle), the job re-adds itself under its own key for that time: graphile
 * gives a running job's key to the new job, so exactly one job per batch stays queued.
 */
export const campaignSendBatch: TaskHandler<'campaign.send-batch'> = async (payload, ctx) => {
  const ref = {
    tenantId: payload.tenantId,
    campaignId: payload.campaignId,
    batchNo: payload.batchNo,
  };
  const result = await runSendBatch({ batch: ref, sender: getSmsSender(), signal: ctx.signal });
  if (result.nextRunAt) {
    await withTenantTx(ref.tenantId, (tx) =>
      enqueueBatch(tx, { ...ref, runAt: result.nextRunAt!, mode: 'replace' }),
    );
  }
  ctx.log.info({ ...ref, ...result }, 'campaign batch run');
};
