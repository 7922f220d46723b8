import { sendInvitationMail } from '@/server/domain/members/invitation-mail';
import { PermanentJobError, type TaskHandler } from '../task-handler';

export const membersSendInvitation: TaskHandler<'members.send-invitation'> = async (
  payload,
  ctx,
) => {
  const outcome = await sendInvitationMail(payload);
  if (outcome.sent) {
    ctx.log.info({ invitationId: payload.invitationId }, 'invitation e-mail sent');
    return;
  }
  if (outcome.reason !== 'refused') {
    ctx.log.info({ invitationId: payload.invitationId, reason: outcome.reason }, 'not sent');
    return;
  }
  // The server refused this message for good (5xx): retrying would only be refused again. A
  // transient failure (4xx, no connection) throws to retry with backoff. Retrying may deliver a
  // message twice if the server took it but its answer was lost: a second copy of the same link.
  if (outcome.kind === 'permanent')
    throw new PermanentJobError(`SMTP refused the invitation: ${outcome.message}`);
  throw new Error(`SMTP unavailable: ${outcome.message}`);
};
