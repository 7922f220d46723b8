// The people of a workspace: list, change a role, remove. New people join by invitation
// (invitations.ts). Every change is re-read on the member's next request (auth/resolve.ts), so a
// removal or a demotion holds from then on, for sessions and API tokens alike.
import type { Tx } from '../../db/tx';
import type { Role } from '../../db/generated/enums';
import { withLock } from '../../db/lock';
import type { Actor } from '../audit/actor';
import { recordAudit } from '../audit/record';
import { revokeSessionsOf } from '../auth/sessions';
import { isAdminRole } from '../auth/principal';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors';

export async function listMembers(tx: Tx) {
  const rows = await tx.membership.findMany({
    orderBy: { createdAt: 'asc' },
    select: {
      id: true,
      role: true,
      createdAt: true,
      user: { select: { id: true, name: true, email: true } },
    },
  });
  return rows.map((m) => ({
    id: m.id,
    role: m.role,
    createdAt: m.createdAt,
    userId: m.user.id,
    name: m.user.name,
    email: m.user.email,
  }));
}

/** The lock every change to a tenant's owners takes; the database trigger takes it too. */
export const ownersLockKey = (tenantId: string) => `tenant:owners:${tenantId}`;

export const LAST_OWNER_MESSAGE =
  'this is the last owner of the workspace; make another member OWNER first';

function requireAdmin(actor: Actor): void {
  if (!actor.userId || !actor.role || !isAdminRole(actor.role))
    throw new ForbiddenError('changing members needs the OWNER or ADMIN role');
}

/** Only an owner makes owners or changes what an owner may do. */
function requireOwnerFor(actor: Actor, roles: Role[]): void {
  if (roles.includes('OWNER') && actor.role !== 'OWNER')
    throw new ForbiddenError('only an OWNER can change an owner or make someone OWNER');
}

async function lockedMembership(tx: Tx, id: string) {
  const membership = await tx.membership.findUnique({
    where: { id },
    select: { id: true, userId: true, role: true },
  });
  if (!membership) throw new NotFoundError('member not found');
  return membership;
}

async function isLastOwner(tx: Tx, tenantId: string): Promise<boolean> {
  return (await tx.membership.count({ where: { tenantId, role: 'OWNER' } })) <= 1;
}

export type ChangeMemberRoleInput = { actor: Actor; membershipId: string; role: Role };

export async function changeMemberRole(tx: Tx, input: ChangeMemberRoleInput) {
  const { actor } = input;
  requireAdmin(actor);
  // Under the owners' lock, so two owners demoting each other at once are decided one at a time.
  return withLock(tx, ownersLockKey(actor.tenantId), async () => {
    const membership = await lockedMembership(tx, input.membershipId);
    requireOwnerFor(actor, [membership.role, input.role]);
    if (membership.role === input.role) return { id: membership.id, role: membership.role };
    if (membership.role === 'OWNER' && (await isLastOwner(tx, actor.tenantId)))
      throw new ConflictError(LAST_OWNER_MESSAGE);
    const updated = await tx.membership.update({
      where: { id: membership.id },
      data: { role: input.role },
      select: { id: true, role: true },
    });
    await recordAudit(tx, {
      tenantId: actor.tenantId,
      actorId: actor.userId,
      action: 'member.role_changed',
      subject: `user:${membership.userId}`,
      detail: { from: membership.role, to: input.role },
    });
    return updated;
  });
}

export type RemoveMemberInput = { actor: Actor; membershipId: string };

/**
 * Ends a membership and revokes the person's API tokens in this workspace (tokens already stop
 * with the membership; revoking them keeps them dead if the person is invited back later). The
 * login itself stays: it is global and may belong to other workspaces.
 */
export async function removeMember(tx: Tx, input: RemoveMemberInput) {
  const { actor } = input;
  requireAdmin(actor);
  return withLock(tx, ownersLockKey(actor.tenantId), async () => {
    const membership = await lockedMembership(tx, input.membershipId);
    requireOwnerFor(actor, [membership.role]);
    if (membership.role === 'OWNER' && (await isLastOwner(tx, actor.tenantId)))
      throw new ConflictError(LAST_OWNER_MESSAGE);
    await tx.membership.delete({ where: { id: membership.id } });
    const revoked = await tx.apiToken.updateMany({
      where: { userId: membership.userId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    const sessionsRevoked = await revokeSessionsOf(tx, {
      tenantId: actor.tenantId,
      userId: membership.userId,
    });
    await recordAudit(tx, {
      tenantId: actor.tenantId,
      actorId: actor.userId,
      action: 'member.removed',
      subject: `user:${membership.userId}`,
      detail: { role: membership.role, apiTokensRevoked: revoked.count, sessionsRevoked },
    });
    return { id: membership.id };
  });
}
