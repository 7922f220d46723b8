// Twilio callbacks: voice (incoming call, status callbacks), messaging status callbacks and
// inbound SMS (SmsStatus=received, with From/To/Body).
// Form-encoded normally; JSON bodies arrive with ?bodySHA256= in the URL.
import { z } from 'zod';

const sid = (prefixes: string) => z.string().regex(new RegExp(`^(${prefixes})[0-9a-fA-F]{32}$`));

export const twilioParamsSchema = z
  .looseObject({
    AccountSid: sid('AC'),
    CallSid: sid('CA').optional(),
    CallStatus: z.string().min(1).max(40).optional(),
    MessageSid: sid('SM|MM').optional(),
    SmsSid: sid('SM|MM').optional(),
    MessageStatus: z.string().min(1).max(40).optional(),
    SmsStatus: z.string().min(1).max(40).optional(),
    SequenceNumber: z
      .string()
      .regex(/^\d{1,10}$/)
      .optional(),
    // Inbound messages: who sent it, to which of our numbers, and the text (at most 1600 chars).
    From: z.string().max(64).optional(),
    To: z.string().max(64).optional(),
    Body: z.string().max(1600).optional(),
    // Voice: what the caller said or keyed (a <Gather>), call progress, a <Record>.
    SpeechResult: z.string().max(4000).optional(),
    // Keys pressed; after a <Record> the caller ended by hanging up, Twilio sends "hangup".
    Digits: z
      .string()
      .regex(/^([0-9]{0,32}|hangup)$/, 'Digits must be at most 32 digits')
      .optional(),
    Confidence: z
      .string()
      .regex(/^(0(\.\d{1,12})?|1(\.0{1,12})?)$/, 'Confidence must be between 0 and 1')
      .optional(),
    Direction: z.string().max(20).optional(),
    Timestamp: z.string().max(64).optional(),
    CallDuration: z
      .string()
      .regex(/^\d{1,7}$/)
      .optional(),
    RecordingUrl: z
      .url({ protocol: /^https?$/ })
      .max(500)
      .optional(),
    RecordingDuration: z
      .string()
      .regex(/^\d{1,7}$/)
      .optional(),
  })
  .refine((p) => p.CallSid ?? p.MessageSid ?? p.SmsSid, {
    message: 'CallSid or MessageSid is required',
  });

export type TwilioParams = z.infer<typeof twilioParamsSchema>;

/**
 * CallSid/MessageSid + status: each status transition of a call or message is its own event,
 * and Twilio's retries of one transition collapse. Call progress events carry a SequenceNumber,
 * which orders transitions that repeat a status.
 */
export function twilioEventIdentity(
  p: TwilioParams,
  step: VoiceStepRef | null = null,
): { eventId: string; eventType: string } {
  // A request of the call flow (our TwiML asked for it): one event per step, turn and attempt.
  if (p.CallSid && step) {
    const parts = [p.CallSid, step.step];
    if (step.step === 'gather' || step.step === 'hold') parts.push(String(step.turn));
    if (step.step === 'hold' || (step.step === 'gather' && step.attempt > 0))
      parts.push(String(step.attempt));
    return { eventId: parts.join(':'), eventType: `voice.${step.step}` };
  }
  if (p.CallSid) {
    const status = p.CallStatus ?? 'unknown';
    const eventId = p.SequenceNumber
      ? `${p.CallSid}:${status}:${p.SequenceNumber}`
      : `${p.CallSid}:${status}`;
    return { eventId, eventType: `voice.${status}` };
  }
  const messageSid = (p.MessageSid ?? p.SmsSid)!;
  const status = p.MessageStatus ?? p.SmsStatus ?? 'received';
  return { eventId: `${messageSid}:${status}`, eventType: `message.${status}` };
}

/** The fields an inbound SMS/MMS must carry to be read as one (see events.ts). */
export const twilioInboundMessageSchema = z.looseObject({
  MessageSid: sid('SM|MM'),
  SmsStatus: z.literal('received'),
  From: z.string().min(1).max(64),
  To: z.string().max(64).optional(),
  Body: z.string().max(1600).default(''),
});
export type TwilioInboundMessage = z.infer<typeof twilioInboundMessageSchema>;

/** Form parameters as the SDK's validator wants them: repeated keys become arrays. */
export function formParams(text: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const existing = out[key];
    if (existing === undefined) out[key] = value;
    else out[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return out;
}

export const isFormEncoded = (headers: Headers) =>
  (headers.get('content-type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');

/** The call-flow steps our TwiML points Twilio at (?vs= on the connection URL, see voice-twiml.ts). */
export const VOICE_STEPS = ['incoming', 'gather', 'hold', 'recorded'] as const;
export type VoiceStep = (typeof VOICE_STEPS)[number];
export type VoiceStepRef = { step: VoiceStep; turn: number; attempt: number };

/** Which step of the call flow a voice URL names; null for status callbacks and SMS. */
export function voiceStepOf(url: string): VoiceStepRef | null {
  let query: URLSearchParams;
  try {
    query = new URL(url).searchParams;
  } catch {
    return null;
  }
  const step = query.get('vs');
  if (!step || !(VOICE_STEPS as readonly string[]).includes(step)) return null;
  const number = (name: string) => {
    const raw = query.get(name) ?? '0';
    return /^\d{1,4}$/.test(raw) ? Number(raw) : 0;
  };
  return { step: step as VoiceStep, turn: number('vt'), attempt: number('va') };
}

/** A voice URL at all (a call-flow step or a status callback): refusals answer in TwiML. */
export const isVoiceUrl = (url: string) => {
  try {
    return new URL(url).searchParams.has('vs');
  } catch {
    return false;
  }
};
