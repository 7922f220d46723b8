// A new company: the tenant, its owner's login and the OWNER membership, in one transaction.
// Used by self-service sign-up (sign-up.ts) and by the operator command `npm run tenant:create`.
import type { Tx } from '../../db/tx';
import { hashPassword } from '../auth/password';
import { recordAudit } from '../audit/record';
import { ConflictError } from '../errors';
import { claimTenantSlug } from './slug';

export type CreateTenantInput = {
  company: string;
  ownerName: string;
  email: string;
  password: string;
  /** Who asked: the owner signing up (the audit names them), or an operator at the shell. */
  via: 'signup' | 'operator';
};

export type CreatedTenant = { tenantId: string; slug: string; userId: string; email: string };

export const EMAIL_HAS_LOGIN_MESSAGE =
  'an account with this e-mail already exists; sign in instead';

const emailTaken = () =>
  new ConflictError(EMAIL_HAS_LOGIN_MESSAGE, { fieldErrors: { email: [EMAIL_HAS_LOGIN_MESSAGE] } });

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === 'P2002';

/**
 * Needs the system scope (withSystemTx): there is no tenant yet, and the e-mail and slug are
 * checked against all of them. An e-mail that already has a login is refused (ConflictError):
 * a login is global, and attaching it to a new company needs its password, not a form.
 */
export async function createTenantWithOwner(
  tx: Tx,
  input: CreateTenantInput,
): Promise<CreatedTenant> {
  const email = input.email.trim().toLowerCase();
  const existing = await tx.user.findUnique({ where: { email }, select: { id: true } });
  if (existing) throw emailTaken();
  const passwordHash = await hashPassword(input.password);
  const slug = await claimTenantSlug(tx, input.company);
  const tenant = await tx.tenant.create({
    data: { slug, name: input.company },
    select: { id: true },
  });
  let userId: string;
  try {
    ({ id: userId } = await tx.user.create({
      data: { email, name: input.ownerName, passwordHash },
      select: { id: true },
    }));
  } catch (error) {
    // The same e-mail signing up twice at once: the unique key decides, the loser is told so.
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
  await tx.membership.create({ data: { tenantId: tenant.id, userId, role: 'OWNER' } });
  await recordAudit(tx, {
    tenantId: tenant.id,
    actorId: input.via === 'signup' ? userId : null,
    action: 'tenant.created',
    subject: `tenant:${tenant.id}`,
    detail: { via: input.via, slug, owner: `user:${userId}` },
  });
  return { tenantId: tenant.id, slug, userId, email };
}
