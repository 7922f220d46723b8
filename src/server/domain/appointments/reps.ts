// The people appointments are assigned to: members of the workspace with the REP role.
import type { Tx } from '../../db/tx';
import type { Role } from '../../db/generated/enums';
import { NotFoundError, ValidationError } from '../errors';

export type RepView = { id: string; name: string | null; email: string };

export async function listReps(tx: Tx): Promise<RepView[]> {
  const rows = await tx.membership.findMany({
    where: { role: 'REP' },
    orderBy: { createdAt: 'asc' },
    select: { user: { select: { id: true, name: true, email: true } } },
  });
  return rows.map((m) => m.user);
}

/**
 * The rep named by a user id: NOT_FOUND when no member of this workspace has it (another
 * workspace's people look exactly like nobody), BAD_REQUEST when the member is not a REP.
 */
export async function requireRep(tx: Tx, repId: string): Promise<RepView> {
  // One round trip: the membership (RLS: this workspace's only) with the person's name.
  const rows = await tx.$queryRaw<(RepView & { role: Role })[]>`
    SELECT u.id, u.name, u.email, m.role FROM memberships m JOIN users u ON u.id = m.user_id
    WHERE m.user_id = ${repId}::uuid`;
  const membership = rows[0];
  if (!membership)
    throw new NotFoundError('rep not found: no member of this workspace has that id');
  if (membership.role !== 'REP')
    throw new ValidationError(
      `appointments are assigned to members with the REP role; this member is ${membership.role}`,
      { fieldErrors: { repId: ['not a REP of this workspace'] } },
    );
  return { id: membership.id, name: membership.name, email: membership.email };
}
