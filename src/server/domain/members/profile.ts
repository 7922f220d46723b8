import type { Tx } from '../../db/tx';
import type { Principal } from '../auth/principal';
import { NotFoundError } from '../errors';

export async function getSignedInProfile(tx: Tx, { principal }: { principal: Principal }) {
  const [user, tenant] = await Promise.all([
    tx.user.findUnique({
      where: { id: principal.userId },
      select: { id: true, name: true, email: true },
    }),
    tx.tenant.findUnique({
      where: { id: principal.tenantId },
      select: { id: true, slug: true, name: true },
    }),
  ]);
  if (!user || !tenant) throw new NotFoundError('profile not found');
  return { user, tenant, role: principal.role, via: principal.kind };
}
