import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import type { AckResponse, ParsedEvent, WebhookProvider } from '../types';
import { readTwilioEvent, twilioEventOf, type TwilioEvent } from './events';
import { parseJson } from '../hmac';
import {
  formParams,
  isFormEncoded,
  isVoiceUrl,
  twilioEventIdentity,
  twilioParamsSchema,
  voiceStepOf,
} from './schemas';
import { verifyTwilio } from './verify';
import { NOT_VERIFIED_TWIML } from './voice-twiml';

// Built once: the answer depends on nothing but the kind of callback.
const VOICE_TWIML = new twilio.twiml.VoiceResponse().toString();
const MESSAGING_TWIML = new twilio.twiml.MessagingResponse().toString();

function safeCallbackKey(url: string): string | null {
  try {
    const key = new URL(url).searchParams.get('sbk'); // the name callbackWithKey (messaging.ts) uses
    return key && /^[\x21-\x7e]{1,200}$/.test(key) ? key : null;
  } catch {
    return null;
  }
}

export const twilioProvider: WebhookProvider<TwilioEvent> = {
  name: 'twilio',
  // An auth token: 32 hex characters.
  generateSecret: () => randomBytes(16).toString('hex'),
  verify: verifyTwilio,
  archivedHeaders: ['content-type', 'user-agent', 'i-twilio-idempotency-token', 'x-home-region'],
  readEvent: readTwilioEvent,
  parse(delivery) {
    let raw: unknown;
    if (isFormEncoded(delivery.headers)) raw = formParams(delivery.text);
    else {
      const json = parseJson(delivery.text);
      if (!json.ok) return json;
      raw = json.value;
    }
    const params = twilioParamsSchema.safeParse(raw);
    if (!params.success)
      return {
        ok: false,
        detail: `not a Twilio callback: ${params.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`,
      };
    // Steps of the call flow name themselves in the URL our TwiML gave Twilio (voice-twiml.ts).
    const step = params.data.CallSid ? voiceStepOf(delivery.url) : null;
    const identity = twilioEventIdentity(params.data, step);
    // Our own key for an outbound message rides in its status callback URL (?sbk=, see
    // messaging.ts): kept with the event so a report can find a message whose SID was never stored.
    const callbackKey = safeCallbackKey(delivery.url);
    const meta: Record<string, string> | null = callbackKey
      ? { callbackKey }
      : step
        ? { voiceStep: step.step }
        : null;
    return {
      ok: true,
      event: {
        eventId: identity.eventId,
        eventType: identity.eventType,
        payload: params.data,
        typed: twilioEventOf(params.data, step),
        ...(meta ? { meta } : {}),
      },
    };
  },
  /**
   * What Twilio reads back from a status callback or a message callback: an empty response. The
   * steps of a call (?vs=incoming|gather|hold|recorded) are answered by the call flow instead
   * (webhooks/voice-answer.ts → domain/calls/flow.ts), as the caller waits on the line for them.
   */
  acknowledge(event: ParsedEvent<TwilioEvent> | null): AckResponse {
    const voice = event?.typed.kind === 'voice' || event?.typed.kind === 'voice.step';
    return {
      status: 200,
      contentType: 'text/xml; charset=utf-8',
      body: voice ? VOICE_TWIML : MESSAGING_TWIML,
    };
  },
  refusal(reason, url) {
    const unverified = reason === 'missing_signature' || reason === 'invalid_signature';
    if (!unverified || !isVoiceUrl(url)) return null;
    return { status: 403, contentType: 'text/xml; charset=utf-8', body: NOT_VERIFIED_TWIML };
  },
};
