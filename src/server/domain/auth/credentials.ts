import type { Tx } from '../../db/tx';
import { burnPasswordCheck, verifyPassword } from './password';

export type SignedInUser = { id: string; email: string; name: string; tenantId: string };

/**
 * Checks an email and password; on success returns the user with the tenant the session starts
 * in: `preferredTenantId` when they are a member there (just after accepting an invitation),
 * else their oldest membership. Runs under the system role: no tenant is known yet.
 */
export type CredentialsInput = { email: string; password: string; preferredTenantId?: string };

export async function verifyCredentials(
  tx: Tx,
  { email, password, preferredTenantId }: CredentialsInput,
): Promise<SignedInUser | null> {
  const user = await tx.user.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: {
      id: true,
      email: true,
      name: true,
      passwordHash: true,
      memberships: { select: { tenantId: true }, orderBy: { createdAt: 'asc' } },
    },
  });
  if (!user?.passwordHash) {
    await burnPasswordCheck(password);
    return null;
  }
  if (!(await verifyPassword(user.passwordHash, password))) return null;
  const membership =
    user.memberships.find((m) => m.tenantId === preferredTenantId) ?? user.memberships[0];
  if (!membership) return null;
  return { id: user.id, email: user.email, name: user.name, tenantId: membership.tenantId };
}

/** A session is only as good as the membership behind it: removed members lose access at once. */
export async function getMembershipRole(
  tx: Tx,
  { tenantId, userId }: { tenantId: string; userId: string },
) {
  const membership = await tx.membership.findUnique({
    where: { tenantId_userId: { tenantId, userId } },
    select: { role: true },
  });
  return membership?.role ?? null;
}
