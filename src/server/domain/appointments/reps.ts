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
    SELECT u.id, u.name, u.email, m.role::text AS role FROM memberships m JOIN users u ON u.id = m.user_id
    WHERE m.user_id = ${repId}::uuid`;
  return asRep(rows[0] ?? null);
}

/** The member as a rep, or the refusal saying why not. */
export function asRep(member: (RepView & { role: Role }) | null): RepView {
  if (!member) throw new NotFoundError('rep not found: no member of this workspace has that id');
  if (member.role !== 'REP')
    throw new ValidationError(
      `appointments are assigned to members with the REP role; this member is ${member.role}`,
      { fieldErrors: { repId: ['not a REP of this workspace'] } },
    );
  return { id: member.id, name: member.name, email: member.email };
}
