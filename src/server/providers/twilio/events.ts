// A Twilio callback as one typed event: the only place that knows which parameters mean what.
// Ingest (provider.ts) and the applying handler both read callbacks through here.
import { twilioInboundMessageSchema, twilioParamsSchema, type TwilioParams } from './schemas';

export type TwilioEvent =
  /** A handset texted one of our numbers. */
  | { kind: 'sms.inbound'; messageSid: string; from: string; to: string | null; body: string }
  /** A status transition of a message we sent (queued, sent, delivered, undelivered…). */
  | { kind: 'sms.status'; messageSid: string; status: string; errorCode: number | null }
  | { kind: 'voice'; callSid: string; status: string }
  /** Anything else: an inbound message without a sender, a message callback without a status. */
  | { kind: 'other' };

/** The event already validated params stand for. */
export function twilioEventOf(params: TwilioParams): TwilioEvent {
  if (params.CallSid)
    return { kind: 'voice', callSid: params.CallSid, status: params.CallStatus ?? 'unknown' };
  // Inbound messages have no MessageStatus and SmsStatus=received; status callbacks have
  // MessageStatus.
  if (params.MessageStatus === undefined && params.SmsStatus === 'received') {
    const message = twilioInboundMessageSchema.safeParse(params);
    if (!message.success) return { kind: 'other' };
    return {
      kind: 'sms.inbound',
      messageSid: message.data.MessageSid,
      from: message.data.From,
      to: message.data.To ?? null,
      body: message.data.Body,
    };
  }
  const messageSid = params.MessageSid ?? params.SmsSid;
  const status = params.MessageStatus ?? params.SmsStatus;
  if (!messageSid || !status) return { kind: 'other' };
  const rawCode = (params as Record<string, unknown>).ErrorCode;
  const errorCode =
    typeof rawCode === 'string' && /^\d{1,6}$/.test(rawCode) ? Number(rawCode) : null;
  return { kind: 'sms.status', messageSid, status, errorCode };
}

/** A stored payload (the params ingest kept) as its event. */
export function readTwilioEvent(payload: unknown): TwilioEvent {
  const params = twilioParamsSchema.safeParse(payload);
  return params.success ? twilioEventOf(params.data) : { kind: 'other' };
}
