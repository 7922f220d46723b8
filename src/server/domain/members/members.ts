import { randomUUID } from 'node:crypto';
import type { Tx } from '../../db/tx';
import type { Role } from '../../db/generated/enums';
import { hashPassword } from '../auth/password';
import { ConflictError } from '../errors';
import type { Actor } from '../audit/actor';
import { recordAudit } from '../audit/record';

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

export type AddMemberInput = { email: string; name: string; role: Role; password: string };

/**
 * Adds a person to the actor's tenant with an initial password. An email that already has a
 * login is refused rather than silently attached to this tenant.
 */
export async function addMember(tx: Tx, input: AddMemberInput & { actor: Actor }) {
  const { actor } = input;
  const email = input.email.trim().toLowerCase();
  const userId = randomUUID();
  const passwordHash = await hashPassword(input.password);
  try {
    // createMany: no RETURNING, which the users policy would refuse before the membership exists.
    await tx.user.createMany({ data: [{ id: userId, email, name: input.name, passwordHash }] });
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002')
      throw new ConflictError('a user with this email already exists', { field: 'email' });
    throw error;
  }
  const membership = await tx.membership.create({
    data: { tenantId: actor.tenantId, userId, role: input.role },
    select: { id: true, role: true, createdAt: true },
  });
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorId: actor.userId,
    action: 'member.added',
    subject: `user:${userId}`,
    detail: { role: input.role },
  });
  return {
    id: membership.id,
    userId,
    email,
    name: input.name,
    role: membership.role,
    createdAt: membership.createdAt,
  };
}
