// Where a campaign's delivery reports go: the tenant's Twilio webhook connection (created at
// the first launch). With real Twilio, that connection's secret must be the account's auth token
// (Twilio signs callbacks with it); with the simulator it signs with the connection's own secret.
import type { Tx } from '../../db/tx';
import type { Actor } from '../audit/actor';
import { appOrigin } from '../connections/app-origin';
import { createWebhookConnection, webhookPath } from '../connections/connections';
import { NotFoundError } from '../errors';

async function oldestTwilioConnection(tx: Tx, tenantId: string) {
  return tx.webhookConnection.findFirst({
    where: { tenantId, provider: 'twilio' },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { publicId: true },
  });
}

export async function ensureTwilioConnection(tx: Tx, { actor }: { actor: Actor }): Promise<void> {
  if (await oldestTwilioConnection(tx, actor.tenantId)) return;
  await createWebhookConnection(tx, actor, {
    provider: 'twilio',
    label: 'Twilio delivery reports',
  });
}

export async function statusCallbackUrl(
  tx: Tx,
  { tenantId }: { tenantId: string },
): Promise<string> {
  const connection = await oldestTwilioConnection(tx, tenantId);
  if (!connection)
    throw new NotFoundError('this tenant has no Twilio webhook connection for delivery reports');
  return `${appOrigin()}${webhookPath('twilio', connection.publicId)}`;
}

/** Our key for one recipient's message: travels in the callback URL as ?sbk=. */
export const recipientMessageKey = (recipientId: string) => `cr:${recipientId}`;
export const recipientIdFromKey = (key: string | null | undefined): string | null => {
  const m = /^cr:([0-9a-f-]{36})$/.exec(key ?? '');
  return m ? m[1]! : null;
};
