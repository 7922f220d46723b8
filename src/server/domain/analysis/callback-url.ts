// Where the analysis service posts a tenant's results: the tenant's analysis webhook connection
// (the oldest, so a second connection made for a rotation does not move jobs already running).
import type { Tx } from '../../db/tx';
import { appOrigin } from '../connections/app-origin';
import { webhookPath } from '../connections/connections';

/** The callback URL for the tenant in scope, or null when it has no analysis connection. */
export async function analysisCallbackUrl(tx: Tx): Promise<string | null> {
  const connection = await tx.webhookConnection.findFirst({
    where: { provider: 'analysis' },
    orderBy: { createdAt: 'asc' },
    select: { publicId: true },
  });
  return connection ? `${appOrigin()}${webhookPath('analysis', connection.publicId)}` : null;
}
