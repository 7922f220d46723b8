// A Twilio callback as one typed event: the only place that knows which parameters mean what.
// Ingest (provider.ts) and the applying handler both read callbacks through here.
import {
  twilioInboundMessageSchema,
  twilioParamsSchema,
  type TwilioParams,
  type VoiceStepRef,
} from './schemas';
import { stripControl, toWellFormed } from '@/lib/schemas/common';

export type TwilioEvent =
  /** A handset texted one of our numbers. */
  | { kind: 'sms.inbound'; messageSid: string; from: string; to: string | null; body: string }
  /** A status transition of a message we sent (queued, sent, delivered, undelivered…). */
  | { kind: 'sms.status'; messageSid: string; status: string; errorCode: number | null }
  /** A call's status callback (SequenceNumber set) or any other call request stored as it came. */
  | {
      kind: 'voice';
      callSid: string;
      status: string;
      sequence: number | null;
      /** Twilio's RFC 2822 Timestamp, parsed; null when absent or unreadable. */
      occurredAt: Date | null;
      durationSeconds: number | null;
      from: string | null;
      to: string | null;
      direction: string | null;
    }
  /** A step of the call flow that waits for TwiML: the call rang in, the caller spoke, a hold poll. */
  | {
      kind: 'voice.step';
      step: VoiceStepRef;
      callSid: string;
      status: string;
      from: string | null;
      to: string | null;
      direction: string | null;
      /** SpeechResult, control characters removed, trimmed; null when nothing was said. */
      speech: string | null;
      digits: string | null;
      confidence: number | null;
      recordingUrl: string | null;
      recordingSeconds: number | null;
    }
  /** Anything else: an inbound message without a sender, a message callback without a status. */
  | { kind: 'other' };

/** The event already validated params stand for. */
export function twilioEventOf(params: TwilioParams, step: VoiceStepRef | null = null): TwilioEvent {
  if (params.CallSid && step) return voiceStepOf(params, params.CallSid, step);
  if (params.CallSid) return voiceStatusOf(params, params.CallSid);
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

const orNull = (value: string | undefined) => (value === undefined || value === '' ? null : value);
const intOrNull = (value: string | undefined) => (value ? Number(value) : null);

function voiceStatusOf(params: TwilioParams, callSid: string): TwilioEvent {
  const at = params.Timestamp ? new Date(params.Timestamp) : null;
  return {
    kind: 'voice',
    callSid,
    status: params.CallStatus ?? 'unknown',
    sequence: intOrNull(params.SequenceNumber),
    occurredAt: at && !Number.isNaN(at.getTime()) ? at : null,
    durationSeconds: intOrNull(params.CallDuration),
    from: orNull(params.From),
    to: orNull(params.To),
    direction: orNull(params.Direction),
  };
}

function voiceStepOf(params: TwilioParams, callSid: string, step: VoiceStepRef): TwilioEvent {
  const speech = params.SpeechResult
    ? toWellFormed(stripControl(params.SpeechResult)).replace(/\s+/g, ' ').trim()
    : '';
  return {
    kind: 'voice.step',
    step,
    callSid,
    status: params.CallStatus ?? 'unknown',
    from: orNull(params.From),
    to: orNull(params.To),
    direction: orNull(params.Direction),
    speech: speech === '' ? null : speech,
    digits: params.Digits === 'hangup' ? null : orNull(params.Digits),
    confidence: params.Confidence ? Number(params.Confidence) : null,
    recordingUrl: orNull(params.RecordingUrl),
    recordingSeconds: intOrNull(params.RecordingDuration),
  };
}
