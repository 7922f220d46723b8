// Opening an invitation link and accepting it. The person is not signed in to the workspace yet,
// so this runs in the system scope, keyed by the token alone. A newcomer sets a name and a
// password; someone who already has a login proves it with that login's password, counted by the
// sign-in throttle exactly like a sign-in (sign-in-throttle.ts), so the form is no way around it.
import type { Role } from '../../db/generated/enums';
import { withSystemTx, type Tx } from '../../db/tx';
import { recordAudit } from '../audit/record';
import { hashPassword, verifyPassword } from '../auth/password';
import {
  beginSignInAttempt,
  recordSignInFailure,
  recordSignInSuccess,
  signInKeys,
} from '../auth/sign-in-throttle';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  TooManyAttemptsError,
  ValidationError,
} from '../errors';
import { passwordSchema } from '@/lib/schemas/account';
import { hashInvitationToken } from './invitations';

export type InvitationStatus = 'open' | 'expired' | 'accepted' | 'invalid';

type InvitationRow = {
  id: string;
  tenant_id: string;
  email: string;
  role: Role;
  expires_at: Date;
  accepted_at: Date | null;
  revoked_at: Date | null;
};

/** Unknown and revoked links look alike: a withdrawn link is simply not valid any more. */
function statusOf(row: InvitationRow | undefined, now = new Date()): InvitationStatus {
  if (!row || row.revoked_at) return 'invalid';
  if (row.accepted_at) return 'accepted';
  if (row.expires_at.getTime() <= now.getTime()) return 'expired';
  return 'open';
}

const NOT_USABLE: Record<Exclude<InvitationStatus, 'open'>, () => DomainError> = {
  invalid: () => new NotFoundError('this invitation link is not valid; it may have been withdrawn'),
  accepted: () => new ConflictError('this invitation was already used; sign in instead'),
  expired: () =>
    new ConflictError('this invitation has expired; ask the person who invited you for a new one'),
};

async function findInvitation(tx: Tx, token: string, lock: boolean) {
  const hash = hashInvitationToken(token);
  const rows = lock
    ? await tx.$queryRaw<InvitationRow[]>`
        SELECT id, tenant_id, email, role, expires_at, accepted_at, revoked_at
          FROM invitations WHERE token_hash = ${hash} FOR UPDATE`
    : await tx.$queryRaw<InvitationRow[]>`
        SELECT id, tenant_id, email, role, expires_at, accepted_at, revoked_at
          FROM invitations WHERE token_hash = ${hash}`;
  return rows[0];
}

export type InvitationPreview =
  | { status: Exclude<InvitationStatus, 'open'> }
  | {
      status: 'open';
      email: string;
      role: Role;
      expiresAt: Date;
      tenantName: string;
      /** The address has a login already: the page asks for its password instead of a new one. */
      hasLogin: boolean;
    };

/**
 * What the invitation page shows. Needs the system scope. The holder of the link learns whether
 * the address has a login (to be asked for the right password); that holder is the invitee, or
 * the admin who created the invitation, which the audit trail records.
 */
export async function getInvitationPreview(tx: Tx, token: string): Promise<InvitationPreview> {
  const row = await findInvitation(tx, token, false);
  const status = statusOf(row);
  if (status !== 'open' || !row) return { status: status === 'open' ? 'invalid' : status };
  const [tenant, user] = await Promise.all([
    tx.tenant.findUnique({ where: { id: row.tenant_id }, select: { name: true } }),
    tx.user.findUnique({ where: { email: row.email }, select: { passwordHash: true } }),
  ]);
  return {
    status,
    email: row.email,
    role: row.role,
    expiresAt: row.expires_at,
    tenantName: tenant?.name ?? '',
    hasLogin: Boolean(user?.passwordHash),
  };
}

export type AcceptInvitationInput = {
  token: string;
  /** Required for a newcomer; ignored when the address has a login. */
  name?: string;
  password: string;
  /** The client's address, for the sign-in throttle. */
  address: string;
};

export type AcceptedInvitation = { tenantId: string; email: string; userId: string; role: Role };

type Outcome =
  { ok: true; accepted: AcceptedInvitation } | { ok: false; error: DomainError; commit: boolean };

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === 'P2002';

/** The existing login's password, through the sign-in throttle. */
async function checkExistingLogin(
  tx: Tx,
  input: AcceptInvitationInput,
  user: { passwordHash: string | null },
  email: string,
): Promise<Outcome | null> {
  const keys = signInKeys(email, input.address);
  const wait = await beginSignInAttempt(tx, keys);
  if (wait > 0)
    return {
      ok: false,
      commit: true,
      error: new TooManyAttemptsError(
        `Too many failed sign-ins. Try again in ${wait} seconds.`,
        wait,
      ),
    };
  if (!user.passwordHash || !(await verifyPassword(user.passwordHash, input.password))) {
    await recordSignInFailure(tx, keys);
    const message = 'this is not the password of this login';
    // Committed: the failure must count even though the call fails.
    return {
      ok: false,
      commit: true,
      error: new ForbiddenError(message, { fieldErrors: { password: [message] } }),
    };
  }
  await recordSignInSuccess(tx, keys);
  return null;
}

async function accept(tx: Tx, input: AcceptInvitationInput): Promise<Outcome> {
  // Locked: two acceptances of one link at once are decided one after the other.
  const row = await findInvitation(tx, input.token, true);
  const status = statusOf(row);
  if (status !== 'open' || !row)
    return {
      ok: false,
      commit: false,
      error: NOT_USABLE[status === 'open' ? 'invalid' : status](),
    };

  const existing = await tx.user.findUnique({
    where: { email: row.email },
    select: { id: true, passwordHash: true },
  });
  let userId: string;
  if (existing) {
    const refused = await checkExistingLogin(tx, input, existing, row.email);
    if (refused) return refused;
    userId = existing.id;
  } else {
    const name = input.name?.trim();
    const password = passwordSchema.safeParse(input.password);
    if (!name || !password.success) {
      const fieldErrors = {
        ...(name ? {} : { name: ['required'] }),
        ...(password.success ? {} : { password: password.error.issues.map((i) => i.message) }),
      };
      return {
        ok: false,
        commit: false,
        error: new ValidationError(name ? 'choose a longer password' : 'your name is required', {
          fieldErrors,
        }),
      };
    }
    try {
      ({ id: userId } = await tx.user.create({
        data: { email: row.email, name, passwordHash: await hashPassword(input.password) },
        select: { id: true },
      }));
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // The address signed up elsewhere in the meantime: it now has a login, so ask for it.
      return {
        ok: false,
        commit: false,
        error: new ConflictError('this e-mail has a login now; reload the page and sign in'),
      };
    }
  }

  const isMember = await tx.membership.findUnique({
    where: { tenantId_userId: { tenantId: row.tenant_id, userId } },
    select: { id: true },
  });
  if (isMember)
    return {
      ok: false,
      commit: false,
      error: new ConflictError('you are already a member of this workspace; sign in instead'),
    };
  await tx.membership.create({ data: { tenantId: row.tenant_id, userId, role: row.role } });
  await tx.invitation.update({
    where: { id: row.id },
    data: { acceptedAt: new Date(), acceptedById: userId },
  });
  await recordAudit(tx, {
    tenantId: row.tenant_id,
    actorId: userId,
    action: 'invitation.accepted',
    subject: `invitation:${row.id}`,
    detail: { role: row.role, newLogin: !existing },
  });
  return {
    ok: true,
    accepted: { tenantId: row.tenant_id, email: row.email, userId, role: row.role },
  };
}

class RollBack extends Error {
  constructor(readonly outcome: Outcome) {
    super('roll back');
  }
}

// opens its own transaction (system scope: the person is not in the workspace yet)
export async function acceptInvitation(input: AcceptInvitationInput): Promise<AcceptedInvitation> {
  let outcome: Outcome;
  try {
    outcome = await withSystemTx(async (tx) => {
      const result = await accept(tx, input);
      // A refusal that wrote something half-way (a new login) rolls back; a counted failure commits.
      if (!result.ok && !result.commit) throw new RollBack(result);
      return result;
    });
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
    outcome = error.outcome;
  }
  if (!outcome.ok) throw outcome.error;
  return outcome.accepted;
}
