// Twilio events, dispatched on their kind. Inbound SMS carrying a carrier keyword (STOP, START…)
// change the sender's opt-out; everything else is recorded as applied until its domain consumes
// it (delivery-status callbacks: campaigns; voice: calls). Add a case per kind here.
import type { WebhookHandler } from './types';
import { recordApplied } from './record-applied';
import { twilioInboundMessageSchema, twilioParamsSchema, twilioEventIdentity } from '../../../providers/twilio/schemas';
import { normalizePhone } from '@/lib/schemas/phone';
import { classifySmsKeyword, optIn, optOut } from '../../contacts';

type TwilioEventKind = 'inbound-message' | 'message-status' | 'voice' | 'unknown';

function kindOf(payload: unknown): TwilioEventKind {
  const params = twilioParamsSchema.safeParse(payload);
  if (!params.success) return 'unknown';
  const identity = twilioEventIdentity(params.data);
  if (identity.kind === 'voice') return 'voice';
  // Inbound messages have no MessageStatus and SmsStatus=received; status callbacks have MessageStatus.
  return params.data.MessageStatus === undefined && params.data.SmsStatus === 'received' ? 'inbound-message' : 'message-status';
}

/** STOP / START from a handset: the sender's contact opts out (created if unknown) or back in. */
const applyInboundMessage: WebhookHandler = async (tx, event) => {
  const message = twilioInboundMessageSchema.safeParse(event.payload);
  const keyword = message.success ? classifySmsKeyword(message.data.Body) : null;
  // Short codes and alphanumeric senders have no E.164 number to key a contact on.
  const from = message.success ? normalizePhone(message.data.From) : null;
  if (!message.success || !keyword || !from?.ok) return recordApplied(tx, event);
  const change = { tenantId: event.tenantId, phone: from.e164, source: `sms:${message.data.MessageSid}` };
  if (keyword === 'opt-out') await optOut(tx, change);
  else await optIn(tx, change);
};

export const twilioHandler: WebhookHandler = async (tx, event) => {
  switch (kindOf(event.payload)) {
    case 'inbound-message':
      return applyInboundMessage(tx, event);
    case 'message-status':
    case 'voice':
    case 'unknown':
      return recordApplied(tx, event);
  }
};
