// The console's "Reconcile now": the reconciler for this tenant's campaigns at once (no quiet
// period), run by a person, so it is audited. The cron's runs are machine work: they leave
// `reconciled` timeline events and log lines, not audit entries.
import type { Tx } from '../../db/tx';
import type { Actor } from '../audit/actor';
import { recordAudit } from '../audit/record';
import { reconcileCampaigns, type ReconcileReport } from './reconcile';

/** Under the actor's tenant transaction: RLS narrows the reconciler to that tenant's campaigns. */
export async function reconcileCampaignsNow(
  tx: Tx,
  { actor }: { actor: Actor },
): Promise<ReconcileReport> {
  const report = await reconcileCampaigns(tx, { quietMs: 0, actorId: actor.userId });
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorId: actor.userId,
    action: 'campaigns.reconciled',
    subject: 'campaigns',
    detail: {
      examined: report.examined,
      actions: report.actions,
      campaigns: report.campaigns.map((c) => c.id),
    },
  });
  return report;
}
