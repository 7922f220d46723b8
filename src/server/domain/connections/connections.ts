// Per-tenant webhook endpoints. A secret is shown once (on create and on rotate) and stored only
// sealed; rotating keeps the previous secret valid for a grace period so the provider side can
// be switched over without dropping deliveries.
import { randomBytes } from 'node:crypto';
import type { Tx } from '../../db/tx';
import type { Principal } from '../auth/principal';
import type { Actor } from '../audit/actor';
import type { ProviderName } from '../../providers/types';
import { webhookProviders } from '../../providers/registry';
import { hashVerifyToken } from '../../providers/whatsapp/verify';
import { NotFoundError } from '../errors';
import { recordAudit } from '../audit/record';
import { sealSecret } from './secret-box';
import { secretContext } from './secrets';

export const webhookPath = (provider: ProviderName, publicId: string) =>
  `/api/webhooks/${provider}/${publicId}`;

const connectionSelect = {
  id: true,
  provider: true,
  publicId: true,
  label: true,
  createdAt: true,
  rotatedAt: true,
  previousSecretExpiresAt: true,
} as const;

export type CreatedConnection = {
  id: string;
  provider: ProviderName;
  publicId: string;
  label: string;
  path: string;
  /** Shown once. */
  secret: string;
  /** WhatsApp only: the token to enter in Meta's webhook settings for the GET handshake. Shown once. */
  verifyToken: string | null;
  createdAt: Date;
};

export async function createWebhookConnection(
  tx: Tx,
  actor: Pick<Actor, 'tenantId' | 'userId'>,
  input: { provider: ProviderName; label: string },
): Promise<CreatedConnection> {
  const provider = webhookProviders[input.provider];
  const publicId = `whc_${randomBytes(18).toString('base64url')}`;
  const secret = provider.generateSecret();
  const verifyToken = input.provider === 'whatsapp' ? randomBytes(24).toString('base64url') : null;
  const row = await tx.webhookConnection.create({
    data: {
      tenantId: actor.tenantId,
      provider: input.provider,
      publicId,
      label: input.label,
      secretCiphertext: sealSecret(secret, secretContext(publicId)),
      verifyTokenHash: verifyToken ? hashVerifyToken(verifyToken) : null,
    },
    select: connectionSelect,
  });
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorId: actor.userId,
    action: 'webhook_connection.created',
    subject: `webhook_connection:${row.id}`,
    detail: { provider: input.provider, label: input.label },
  });
  return {
    id: row.id,
    provider: row.provider,
    publicId: row.publicId,
    label: row.label,
    path: webhookPath(row.provider, row.publicId),
    secret,
    verifyToken,
    createdAt: row.createdAt,
  };
}

export async function listWebhookConnections(tx: Tx) {
  const rows = await tx.webhookConnection.findMany({
    orderBy: { createdAt: 'desc' },
    select: connectionSelect,
  });
  const now = Date.now();
  return rows.map((r) => ({
    ...r,
    path: webhookPath(r.provider, r.publicId),
    previousSecretActive:
      r.previousSecretExpiresAt !== null && r.previousSecretExpiresAt.getTime() > now,
  }));
}

export async function rotateWebhookSecret(
  tx: Tx,
  actor: Principal,
  input: { id: string; graceMinutes: number },
) {
  // RLS hides other tenants' rows, so their ids answer NOT_FOUND like unknown ones.
  const current = await tx.webhookConnection.findUnique({
    where: { id: input.id },
    select: { id: true, provider: true, publicId: true, secretCiphertext: true },
  });
  if (!current) throw new NotFoundError('webhook connection not found');
  const secret = webhookProviders[current.provider].generateSecret();
  const now = new Date();
  const previousSecretExpiresAt = new Date(now.getTime() + input.graceMinutes * 60_000);
  await tx.webhookConnection.update({
    where: { id: current.id },
    data: {
      secretCiphertext: sealSecret(secret, secretContext(current.publicId)),
      // An older previous secret (a rotation still in grace) is dropped: two secrets at most.
      previousSecretCiphertext: current.secretCiphertext,
      previousSecretExpiresAt,
      rotatedAt: now,
    },
  });
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorId: actor.userId,
    action: 'webhook_connection.rotated',
    subject: `webhook_connection:${current.id}`,
    detail: { graceMinutes: input.graceMinutes },
  });
  return { id: current.id, secret, previousSecretExpiresAt };
}
