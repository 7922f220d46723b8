// The tenant's Twilio webhook connection, where the simulated calls ring: the oldest one, or one
// created on first use (as Stripe top-ups create theirs), and the secret the simulator signs with
// (Twilio signs with the account's auth token, which is the connection's secret).
import type { Tx } from '../../db/tx';
import { createWebhookConnection, webhookPath } from '../connections/connections';
import { activeSecrets } from '../connections/secrets';
import type { Actor } from '../audit/actor';

export type TwilioConnection = { id: string; path: string; secret: string };

const findTwilioConnection = (tx: Tx, tenantId: string) =>
  tx.webhookConnection.findFirst({
    where: { tenantId, provider: 'twilio' },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      publicId: true,
      secretCiphertext: true,
      previousSecretCiphertext: true,
      previousSecretExpiresAt: true,
    },
  });

export async function twilioConnectionForCalls(
  tx: Tx,
  { actor }: { actor: Actor },
): Promise<TwilioConnection> {
  const existing = await findTwilioConnection(tx, actor.tenantId);
  if (existing) {
    const [secret] = activeSecrets(existing, new Date());
    return { id: existing.id, path: webhookPath('twilio', existing.publicId), secret: secret! };
  }
  const created = await createWebhookConnection(tx, actor, {
    provider: 'twilio',
    label: 'Twilio voice (call simulator)',
  });
  return { id: created.id, path: created.path, secret: created.secret };
}
