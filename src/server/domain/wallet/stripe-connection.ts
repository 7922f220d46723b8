// The tenant's Stripe webhook connection: where top-up events arrive and (with the simulator)
// the secret they are signed with. Created on first use through the webhooks domain.
import type { Tx } from '../../db/tx';
import { createWebhookConnection, webhookPath } from '../connections/connections';
import { activeSecrets } from '../connections/secrets';
import type { Actor } from '../audit/actor';
import { NotFoundError } from '../errors';

export type StripeConnection = { id: string; publicId: string; path: string };

async function findStripeConnection(tx: Tx, tenantId: string) {
  // The oldest one: a stable choice when an admin made several.
  return tx.webhookConnection.findFirst({
    where: { tenantId, provider: 'stripe' },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      publicId: true,
      secretCiphertext: true,
      previousSecretCiphertext: true,
      previousSecretExpiresAt: true,
    },
  });
}

export async function ensureStripeConnection(
  tx: Tx,
  { actor }: { actor: Actor },
): Promise<StripeConnection> {
  const existing = await findStripeConnection(tx, actor.tenantId);
  if (existing)
    return {
      id: existing.id,
      publicId: existing.publicId,
      path: webhookPath('stripe', existing.publicId),
    };
  const created = await createWebhookConnection(tx, actor, {
    provider: 'stripe',
    label: 'Stripe top-ups',
  });
  return { id: created.id, publicId: created.publicId, path: created.path };
}

/** The current signing secret (the simulator signs with it, as Stripe would with the endpoint's). */
export async function stripeSigningSecret(
  tx: Tx,
  { tenantId }: { tenantId: string },
): Promise<StripeConnection & { secret: string }> {
  const row = await findStripeConnection(tx, tenantId);
  if (!row)
    throw new NotFoundError(
      'this tenant has no Stripe webhook connection yet; start a top-up first',
    );
  const [secret] = activeSecrets(row, new Date());
  return {
    id: row.id,
    publicId: row.publicId,
    path: webhookPath('stripe', row.publicId),
    secret: secret!,
  };
}
