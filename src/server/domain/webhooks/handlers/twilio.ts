// Twilio events, dispatched on their kind. Inbound SMS carrying a carrier keyword (STOP, START…)
// change the sender's opt-out; delivery-status callbacks move campaign recipients; the rest is
// recorded as applied until its domain consumes it (voice: calls). Add a case per kind here.
import type { WebhookHandler } from './types';
import { recordApplied } from './record-applied';
import {
  twilioInboundMessageSchema,
  twilioParamsSchema,
  twilioEventIdentity,
} from '../../../providers/twilio/schemas';
import { normalizePhone } from '@/lib/schemas/phone';
import { classifySmsKeyword, optIn, optOut } from '../../contacts';
import { applyDeliveryReport } from '../../campaigns/delivery';

type TwilioEventKind = 'inbound-message' | 'message-status' | 'voice' | 'unknown';

function kindOf(payload: unknown): TwilioEventKind {
  const params = twilioParamsSchema.safeParse(payload);
  if (!params.success) return 'unknown';
  const identity = twilioEventIdentity(params.data);
  if (identity.kind === 'voice') return 'voice';
  // Inbound messages have no MessageStatus and SmsStatus=received; status callbacks have MessageStatus.
  return params.data.MessageStatus === undefined && params.data.SmsStatus === 'received'
    ? 'inbound-message'
    : 'message-status';
}

/** STOP / START from a handset: the sender's contact opts out (created if unknown) or back in. */
const applyInboundMessage: WebhookHandler = async (tx, event) => {
  const message = twilioInboundMessageSchema.safeParse(event.payload);
  const keyword = message.success ? classifySmsKeyword(message.data.Body) : null;
  // Short codes and alphanumeric senders have no E.164 number to key a contact on.
  const from = message.success ? normalizePhone(message.data.From) : null;
  if (!message.success || !keyword || !from?.ok) return recordApplied(tx, event);
  const change = {
    tenantId: event.tenantId,
    phone: from.e164,
    source: `sms:${message.data.MessageSid}`,
  };
  if (keyword === 'opt-out') await optOut(tx, change);
  else await optIn(tx, change);
};

/** A message's status callback: campaign recipients move on (see campaigns/delivery.ts). */
const applyMessageStatus: WebhookHandler = async (tx, event) => {
  const params = twilioParamsSchema.safeParse(event.payload);
  const sid = params.success ? (params.data.MessageSid ?? params.data.SmsSid) : undefined;
  const status = params.success ? (params.data.MessageStatus ?? params.data.SmsStatus) : undefined;
  if (!sid || !status) return recordApplied(tx, event);
  const rawCode = params.success ? (params.data as Record<string, unknown>).ErrorCode : undefined;
  const errorCode =
    typeof rawCode === 'string' && /^\d{1,6}$/.test(rawCode) ? Number(rawCode) : null;
  const outcome = await applyDeliveryReport(tx, {
    messageSid: sid,
    status,
    errorCode,
    callbackKey: event.meta.callbackKey ?? null,
  });
  // A campaign report is recorded on its recipient row; anything else gets the usual audit line.
  if (outcome === 'not-a-campaign-message') await recordApplied(tx, event);
};

export const twilioHandler: WebhookHandler = async (tx, event) => {
  switch (kindOf(event.payload)) {
    case 'inbound-message':
      return applyInboundMessage(tx, event);
    case 'message-status':
      return applyMessageStatus(tx, event);
    case 'voice':
    case 'unknown':
      return recordApplied(tx, event);
  }
};
