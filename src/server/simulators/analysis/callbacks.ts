// The analysis simulator's callbacks (run by the simulator.analysis-callback job): a Standard
// Webhooks delivery of the job's outcome to its callback URL, signed with the secret of the
// analysis connection that URL names (looked up the way ingest resolves a URL: a system-role read
// of that one connection; the simulator keeps no copy). Copy 1 is the callback; even copies
// repeat its webhook-id (a retry), odd ones after it carry a new one (the service sending again).
import { withSystemTx } from '../../db/tx';
import { activeSecrets } from '../../domain/connections/secrets';
import type { SimulatedDelivery } from '../types';
import { signAnalysis } from './deliveries';
import type { SimulatedJobRow } from './jobs';

const CONNECTION_PATH = /^\/api\/webhooks\/analysis\/([A-Za-z0-9_-]{1,100})\/?$/;

/** The connection's current secret, or null when the URL names no analysis connection. */
export async function analysisCallbackSecret(
  callbackUrl: string,
  now = new Date(),
): Promise<string | null> {
  const match = CONNECTION_PATH.exec(new URL(callbackUrl).pathname);
  if (!match) return null;
  const row = await withSystemTx((tx) =>
    tx.webhookConnection.findFirst({
      where: { provider: 'analysis', publicId: match[1]! },
      select: {
        publicId: true,
        secretCiphertext: true,
        previousSecretCiphertext: true,
        previousSecretExpiresAt: true,
      },
    }),
  );
  if (!row) return null;
  return activeSecrets(row, now)[0] ?? null;
}

/** Without the `msg_` prefix signAnalysis adds. */
export const callbackDeliveryId = (jobId: string, copy: number) =>
  copy === 1 || copy % 2 === 0 ? jobId : `${jobId}_${copy}`;

export function callbackDelivery(
  job: SimulatedJobRow,
  copy: number,
  secret: string,
  now = new Date(),
): SimulatedDelivery {
  const completed = job.finalStatus === 'completed';
  const body = JSON.stringify({
    type: completed ? 'analysis.completed' : 'analysis.failed',
    timestamp: job.completesAt.toISOString(),
    data: {
      analysisId: job.id,
      recordingId: job.recordingId,
      status: job.finalStatus,
      ...(completed ? { outputHash: job.outputHash } : { error: job.error }),
    },
  });
  return signAnalysis(
    { url: job.callbackUrl, body, secret, at: now, deliveryId: callbackDeliveryId(job.id, copy) },
    [secret],
  );
}
