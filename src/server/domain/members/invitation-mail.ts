// The invitation e-mail, sent by the members.send-invitation job (never by the request that
// created the invitation, so an SMTP outage cannot fail it). The link's token travels sealed in
// the job payload and is opened here, for this invitation only.
import { withTenantTx } from '../../db/tx';
import { getEnv } from '../../env';
import { sendMail, type MailResult } from '../../providers/smtp/client';
import { appOrigin } from '../connections/app-origin';
import { openSecret } from '../connections/secret-box';
import { invitationPath, invitationSealContext } from './invitations';

export type InvitationMailInput = { tenantId: string; invitationId: string; sealedToken: string };

export type InvitationMailOutcome =
  | { sent: true; messageId: string }
  | { sent: false; reason: 'not_open' | 'smtp_not_configured' }
  | { sent: false; reason: 'refused'; kind: 'permanent' | 'transient'; message: string };

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

export function composeInvitationMail(options: {
  to: string;
  company: string;
  inviter: string | null;
  role: string;
  link: string;
  expiresAt: Date;
}) {
  const who = options.inviter ? `${options.inviter} invited you` : 'You are invited';
  const until = options.expiresAt.toISOString().replace('T', ' ').slice(0, 16);
  const text = [
    `${who} to join ${options.company} on Switchboard as ${options.role}.`,
    '',
    `Accept the invitation: ${options.link}`,
    '',
    `The link works once, until ${until} UTC. If you did not expect it, ignore this e-mail.`,
  ].join('\n');
  const html = [
    `<p>${escapeHtml(who)} to join <strong>${escapeHtml(options.company)}</strong> on Switchboard as ${escapeHtml(options.role)}.</p>`,
    `<p><a href="${escapeHtml(options.link)}">Accept the invitation</a></p>`,
    `<p>The link works once, until ${until} UTC. If you did not expect it, ignore this e-mail.</p>`,
  ].join('\n');
  return {
    to: options.to,
    subject: `Join ${options.company} on Switchboard`,
    text,
    html,
  };
}

// opens its own transaction (short: read, then send with no transaction held)
export async function sendInvitationMail(
  input: InvitationMailInput,
): Promise<InvitationMailOutcome> {
  const env = getEnv();
  if (!env.SMTP_URL) return { sent: false, reason: 'smtp_not_configured' };
  const found = await withTenantTx(input.tenantId, async (tx) => {
    const invitation = await tx.invitation.findUnique({
      where: { id: input.invitationId },
      select: {
        email: true,
        role: true,
        expiresAt: true,
        acceptedAt: true,
        revokedAt: true,
        invitedById: true,
      },
    });
    if (!invitation || invitation.acceptedAt || invitation.revokedAt) return null;
    if (invitation.expiresAt.getTime() <= Date.now()) return null;
    const [tenant, inviter] = await Promise.all([
      tx.tenant.findUnique({ where: { id: input.tenantId }, select: { name: true } }),
      invitation.invitedById
        ? tx.user.findUnique({ where: { id: invitation.invitedById }, select: { name: true } })
        : null,
    ]);
    return { invitation, company: tenant?.name ?? 'a workspace', inviter: inviter?.name ?? null };
  });
  // Withdrawn, used or expired since it was queued: nothing to send.
  if (!found) return { sent: false, reason: 'not_open' };
  const token = openSecret(input.sealedToken, invitationSealContext(input.invitationId));
  const mail = composeInvitationMail({
    to: found.invitation.email,
    company: found.company,
    inviter: found.inviter,
    role: found.invitation.role,
    link: `${appOrigin()}${invitationPath(token)}`,
    expiresAt: found.invitation.expiresAt,
  });
  const result: MailResult = await sendMail(env.SMTP_URL, { ...mail, from: env.MAIL_FROM });
  if (result.ok) return { sent: true, messageId: result.messageId };
  return { sent: false, reason: 'refused', kind: result.kind, message: result.message };
}
