import { withSystemTx } from '@/server/db/tx';
import { reconcileCampaigns } from '@/server/domain/campaigns';
import type { TaskHandler } from '../task-handler';

export const campaignReconcile: TaskHandler<'campaign.reconcile'> = async (_payload, ctx) => {
  const report = await withSystemTx((tx) => reconcileCampaigns(tx));
  if (report.examined > 0)
    ctx.log.warn(
      { examined: report.examined, actions: report.actions },
      'reconciler repaired stuck campaigns',
    );
};
