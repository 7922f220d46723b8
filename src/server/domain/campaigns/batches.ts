// Send batches as jobs. The key names the campaign and the batch, so enqueueing a batch again
// (a retried launch, the reconciler) while its job exists adds nothing.
import type { Tx } from '../../db/tx';
import { enqueue } from '../../jobs/enqueue';
import { taskDefinitions } from '../../jobs/definitions';

export const batchJobKey = (campaignId: string, batchNo: number) =>
  `campaign:${campaignId}:batch:${batchNo}`;

/** Every batch 0..count-1 in one statement (a 100k campaign has 200). */
export async function enqueueAllBatches(
  tx: Tx,
  { tenantId, campaignId, count }: { tenantId: string; campaignId: string; count: number },
): Promise<void> {
  if (count <= 0) return;
  const definition = taskDefinitions['campaign.send-batch'];
  definition.schema.parse({ tenantId, campaignId, batchNo: 0 });
  await tx.$executeRaw`
    SELECT app_add_job('campaign.send-batch',
                       json_build_object('tenantId', ${tenantId}::text, 'campaignId', ${campaignId}::text, 'batchNo', n, '_meta', json_build_object()),
                       NULL, NULL, ${definition.maxAttempts}::int, 'campaign:' || ${campaignId}::text || ':batch:' || n, NULL, 'unsafe_dedupe')
      FROM generate_series(0, ${count - 1}::int) AS n`;
}

/** One batch, now or later. `replace` is for a batch rescheduling itself from inside its own run. */
export async function enqueueBatch(
  tx: Tx,
  {
    runAt,
    mode,
    ...b
  }: {
    tenantId: string;
    campaignId: string;
    batchNo: number;
    runAt?: Date;
    mode?: 'replace' | 'unsafe_dedupe';
  },
): Promise<void> {
  const options = { runAt, mode };
  await enqueue(tx, 'campaign.send-batch', b, {
    jobKey: batchJobKey(b.campaignId, b.batchNo),
    jobKeyMode: options.mode ?? 'unsafe_dedupe',
    runAt: options.runAt,
  });
}
