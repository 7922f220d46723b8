// Bearer tokens for mobile clients and scripts: `sbt_` + 32 random bytes, shown once; only a
// SHA-256 is stored (the secret has full entropy, so a fast hash is the right tool).
import { createHash, randomBytes } from 'node:crypto';
import type { Tx } from '../../db/tx';
import type { Principal } from './principal';
import { NotFoundError, ForbiddenError } from '../errors';
import type { Actor } from '../audit/actor';
import { recordAudit } from '../audit/record';
import { isAdminRole } from './principal';

const isAdmin = (actor: Actor) => actor.role !== null && isAdminRole(actor.role);

const TOKEN_PATTERN = /^sbt_[A-Za-z0-9_-]{43}$/;

export function hashToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function isWellFormedToken(secret: string): boolean {
  return TOKEN_PATTERN.test(secret);
}

export type CreatedToken = {
  id: string;
  name: string;
  prefix: string;
  secret: string;
  createdAt: Date;
};

export async function createApiToken(
  tx: Tx,
  { actor, name }: { actor: Actor; name: string },
): Promise<CreatedToken> {
  // A token acts as the person who made it.
  if (!actor.userId) throw new ForbiddenError('API tokens belong to a person');
  const secret = `sbt_${randomBytes(32).toString('base64url')}`;
  const prefix = secret.slice(0, 10);
  const token = await tx.apiToken.create({
    data: {
      tenantId: actor.tenantId,
      userId: actor.userId,
      name,
      prefix,
      tokenHash: hashToken(secret),
    },
    select: { id: true, name: true, prefix: true, createdAt: true },
  });
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorId: actor.userId,
    action: 'api_token.created',
    subject: `api_token:${token.id}`,
    detail: { name },
  });
  return { ...token, secret };
}

/** Members see their own tokens; admins see every token in the tenant. */
export async function listApiTokens(tx: Tx, { actor }: { actor: Actor }) {
  // The system acting (no person, no role) has no tokens of its own: match nothing.
  const own = actor.userId ? { userId: actor.userId } : { id: { in: [] } };
  return tx.apiToken.findMany({
    where: isAdmin(actor) ? {} : own,
    orderBy: { createdAt: 'desc' },
    select: {
      id: true,
      name: true,
      prefix: true,
      createdAt: true,
      lastUsedAt: true,
      revokedAt: true,
      user: { select: { id: true, name: true } },
    },
  });
}

export async function revokeApiToken(
  tx: Tx,
  { actor, id: tokenId }: { actor: Actor; id: string },
): Promise<{ id: string; revokedAt: Date }> {
  const token = await tx.apiToken.findUnique({
    where: { id: tokenId },
    select: { id: true, userId: true, revokedAt: true },
  });
  if (!token) throw new NotFoundError('api token not found');
  if (token.userId !== actor.userId && !isAdmin(actor))
    throw new ForbiddenError("only admins can revoke other members' tokens");
  if (token.revokedAt) return { id: token.id, revokedAt: token.revokedAt };
  const revoked = await tx.apiToken.update({
    where: { id: tokenId },
    data: { revokedAt: new Date() },
    select: { id: true, revokedAt: true },
  });
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorId: actor.userId,
    action: 'api_token.revoked',
    subject: `api_token:${tokenId}`,
  });
  return { id: revoked.id, revokedAt: revoked.revokedAt ?? new Date() };
}

/**
 * Resolves a bearer secret to its principal (system role: the tenant is what we are finding).
 * A revoked token, or one whose owner left the tenant, resolves to null immediately.
 */
export async function resolveApiToken(
  tx: Tx,
  { secret }: { secret: string },
): Promise<Principal | null> {
  if (!isWellFormedToken(secret)) return null;
  const token = await tx.apiToken.findUnique({
    where: { tokenHash: hashToken(secret) },
    select: { id: true, tenantId: true, userId: true, revokedAt: true, lastUsedAt: true },
  });
  if (!token || token.revokedAt) return null;
  const membership = await tx.membership.findUnique({
    where: { tenantId_userId: { tenantId: token.tenantId, userId: token.userId } },
    select: { role: true },
  });
  if (!membership) return null;
  // Last-used is informational: write it at most once a minute per token.
  if (!token.lastUsedAt || Date.now() - token.lastUsedAt.getTime() > 60_000) {
    await tx.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: new Date() } });
  }
  return {
    kind: 'token',
    userId: token.userId,
    tenantId: token.tenantId,
    role: membership.role,
    tokenId: token.id,
  };
}
