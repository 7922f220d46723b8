// Invitations into a workspace: an admin names an e-mail and a role; the person opens the one-time
// link and joins (accept-invitation.ts). The token is `sbi_` + 32 random bytes, shown once; only
// its SHA-256 is stored (full entropy, so a fast hash is the right tool, as for API tokens).
//
// Inviting answers the same whether or not the address already has a login somewhere: nothing
// here reads the global users table (RLS would hide other tenants' people anyway), so the answer
// cannot tell. Only people already in this workspace are refused, which its admins can see anyway.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Tx } from '../../db/tx';
import { withLock } from '../../db/lock';
import type { Role } from '../../db/generated/enums';
import { enqueue } from '../../jobs/enqueue';
import { getEnv } from '../../env';
import type { Actor } from '../audit/actor';
import { recordAudit } from '../audit/record';
import { isAdminRole } from '../auth/principal';
import { sealSecret } from '../connections/secret-box';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors';

export const INVITATION_TTL_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

export const hashInvitationToken = (token: string) =>
  createHash('sha256').update(token).digest('hex');

/** The additional authenticated data of a sealed token: it opens for its own invitation only. */
export const invitationSealContext = (invitationId: string) => `invitation:${invitationId}`;

export const invitationPath = (token: string) => `/invite/${token}`;

/** Whether invitations are e-mailed (SMTP_URL set); otherwise the admin passes the link on. */
export const isInvitationMailConfigured = () => Boolean(getEnv().SMTP_URL);

function requireAdmin(actor: Actor): string {
  if (!actor.userId || !actor.role || !isAdminRole(actor.role))
    throw new ForbiddenError('inviting members needs the OWNER or ADMIN role');
  return actor.userId;
}

export type CreateInvitationInput = {
  actor: Actor;
  email: string;
  role: Exclude<Role, 'OWNER'>;
};

export type CreatedInvitation = {
  id: string;
  email: string;
  role: Role;
  expiresAt: Date;
  /** Shown once; the link is `/invite/<token>`. */
  token: string;
  path: string;
  /** An e-mail with the link was queued (SMTP configured). */
  isEmailQueued: boolean;
};

export async function createInvitation(
  tx: Tx,
  input: CreateInvitationInput,
): Promise<CreatedInvitation> {
  const { actor } = input;
  const invitedById = requireAdmin(actor);
  const email = input.email.trim().toLowerCase();
  // Only this workspace's people are visible here (RLS), so this says nothing about other tenants.
  const member = await tx.membership.findFirst({
    where: { user: { email } },
    select: { id: true },
  });
  if (member)
    throw new ConflictError('this person is already a member of this workspace', {
      fieldErrors: { email: ['already a member of this workspace'] },
    });
  // One invitation per address at a time: two admins inviting the same person at once queue here
  // instead of one of them hitting the open-invitation unique index.
  return withLock(tx, `tenant:invitations:${actor.tenantId}:${email}`, async () => {
    const now = new Date();
    // Inviting again replaces the open invitation: the older link stops working.
    const replaced = await tx.invitation.updateMany({
      where: { email, acceptedAt: null, revokedAt: null },
      data: { revokedAt: now },
    });
    const id = randomUUID();
    const token = `sbi_${randomBytes(32).toString('base64url')}`;
    const invitation = await tx.invitation.create({
      data: {
        id,
        tenantId: actor.tenantId,
        email,
        role: input.role,
        tokenHash: hashInvitationToken(token),
        invitedById,
        createdAt: now,
        expiresAt: new Date(now.getTime() + INVITATION_TTL_DAYS * DAY_MS),
      },
      select: { id: true, email: true, role: true, expiresAt: true },
    });
    const isEmailQueued = isInvitationMailConfigured();
    if (isEmailQueued) {
      // In this transaction: no invitation without its mail job, no mail for a rolled-back one.
      // The request never waits for the SMTP server; the job retries an outage on its own.
      await enqueue(
        tx,
        'members.send-invitation',
        {
          tenantId: actor.tenantId,
          invitationId: id,
          sealedToken: sealSecret(token, invitationSealContext(id)),
        },
        { jobKey: `invitation:${id}` },
      );
    }
    await recordAudit(tx, {
      tenantId: actor.tenantId,
      actorId: invitedById,
      action: 'invitation.created',
      subject: `invitation:${id}`,
      detail: { email, role: input.role, replaced: replaced.count, emailed: isEmailQueued },
    });
    return { ...invitation, token, path: invitationPath(token), isEmailQueued };
  });
}

export type InvitationView = {
  id: string;
  email: string;
  role: Role;
  createdAt: Date;
  expiresAt: Date;
  isExpired: boolean;
  invitedBy: { id: string; name: string } | null;
};

/** Open invitations (neither accepted nor revoked), newest first; expired ones say so. */
export async function listInvitations(tx: Tx): Promise<InvitationView[]> {
  const rows = await tx.invitation.findMany({
    where: { acceptedAt: null, revokedAt: null },
    orderBy: { createdAt: 'desc' },
    select: {
      id: true,
      email: true,
      role: true,
      createdAt: true,
      expiresAt: true,
      invitedById: true,
    },
  });
  const inviterIds = [...new Set(rows.flatMap((r) => (r.invitedById ? [r.invitedById] : [])))];
  // Names of inviters still visible to this tenant (RLS: its members).
  const inviters = new Map(
    (
      await tx.user.findMany({
        where: { id: { in: inviterIds } },
        select: { id: true, name: true },
      })
    ).map((u) => [u.id, u]),
  );
  const now = Date.now();
  return rows.map(({ invitedById, ...row }) => ({
    ...row,
    isExpired: row.expiresAt.getTime() <= now,
    invitedBy: invitedById ? (inviters.get(invitedById) ?? null) : null,
  }));
}

export async function revokeInvitation(tx: Tx, input: { actor: Actor; id: string }) {
  const { actor } = input;
  const actorId = requireAdmin(actor);
  const now = new Date();
  // One statement decides, so a revocation racing an acceptance cannot undo it (the row lock
  // orders them; the loser re-reads the row and answers from what it finds).
  const { count } = await tx.invitation.updateMany({
    where: { id: input.id, acceptedAt: null, revokedAt: null },
    data: { revokedAt: now },
  });
  const invitation = await tx.invitation.findUnique({
    where: { id: input.id },
    select: { id: true, email: true, acceptedAt: true, revokedAt: true },
  });
  if (!invitation) throw new NotFoundError('invitation not found');
  if (invitation.acceptedAt)
    throw new ConflictError('this invitation was already accepted; remove the member instead');
  if (count === 0) return { id: invitation.id, revokedAt: invitation.revokedAt ?? now };
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorId,
    action: 'invitation.revoked',
    subject: `invitation:${invitation.id}`,
    detail: { email: invitation.email },
  });
  return { id: invitation.id, revokedAt: now };
}
