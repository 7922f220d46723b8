// Demo data for the embedded database: one tenant and its owner, so a fresh `npm start` can be
// signed into. Idempotent: a second run changes nothing.
import type { Tx } from '../../db/tx';
import { hashPassword } from '../auth/password';

export const DEMO_TENANT = { slug: 'demo', name: 'Demo Company' };
export const DEMO_ADMIN = { email: 'admin@demo.switchboard.test', name: 'Demo Admin' };

export type SeedResult = { tenantId: string; email: string; password: string; created: boolean };

export async function seedDemo(tx: Tx, password: string): Promise<SeedResult> {
  const existing = await tx.tenant.findUnique({
    where: { slug: DEMO_TENANT.slug },
    select: { id: true },
  });
  if (existing) return { tenantId: existing.id, email: DEMO_ADMIN.email, password, created: false };
  const tenant = await tx.tenant.create({ data: DEMO_TENANT, select: { id: true } });
  const user = await tx.user.upsert({
    where: { email: DEMO_ADMIN.email },
    create: { ...DEMO_ADMIN, passwordHash: await hashPassword(password) },
    update: {},
    select: { id: true },
  });
  await tx.membership.create({ data: { tenantId: tenant.id, userId: user.id, role: 'OWNER' } });
  return { tenantId: tenant.id, email: DEMO_ADMIN.email, password, created: true };
}
