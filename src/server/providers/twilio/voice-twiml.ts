// The TwiML of a call, built with twilio-node's VoiceResponse from a plan the calls domain makes.
// Twilio resolves a relative action against the URL it just requested, so every action below is
// the connection's own URL with another ?vs= step: no origin to configure, and the signature
// Twilio sends covers the query we chose.
import twilio from 'twilio';
import type VoiceResponse from 'twilio/lib/twiml/VoiceResponse';

type SayAttributes = VoiceResponse.SayAttributes;
import type { VoiceStep } from './schemas';

export type VoiceLanguage = 'en' | 'ru' | 'uk' | 'sk';

/** Twilio's language code and a voice that speaks it, per line language. */
const SPEECH: Record<
  VoiceLanguage,
  { language: SayAttributes['language']; voice: SayAttributes['voice'] }
> = {
  en: { language: 'en-US', voice: 'Polly.Joanna' },
  ru: { language: 'ru-RU', voice: 'Polly.Tatyana' },
  uk: { language: 'uk-UA', voice: 'Google.uk-UA-Standard-A' },
  sk: { language: 'sk-SK', voice: 'Google.sk-SK-Standard-A' },
};

export type VoicePlan =
  /** Say the lines (the greeting, or an answer) and listen for the next question (turn `turn`). */
  | { kind: 'gather'; language: VoiceLanguage; say: string[]; turn: number; attempt?: number }
  /** The answer is not ready: a short phrase, a pause, then ask again (hold poll `attempt`). */
  | { kind: 'hold'; language: VoiceLanguage; say: string; turn: number; attempt: number }
  /** Hand over to a person. */
  | { kind: 'dial'; language: VoiceLanguage; say: string; number: string }
  /** Nobody to hand over to now: leave a message (`recordingStatusCallback`: absolute URL). */
  | { kind: 'voicemail'; language: VoiceLanguage; say: string; recordingStatusCallback?: string }
  /** Say it and end the call. */
  | { kind: 'hangup'; language: VoiceLanguage; say: string };

export const HOLD_PAUSE_SECONDS = 1;

export const stepUrl = (step: VoiceStep, turn = 0, attempt = 0) => {
  const query = new URLSearchParams({ vs: step });
  if (step === 'gather' || step === 'hold') query.set('vt', String(turn));
  // A gather asked again after silence is its own request (and event): ?va= counts the asks.
  if (step === 'hold' || (step === 'gather' && attempt > 0)) query.set('va', String(attempt));
  return `?${query.toString()}`;
};

export function renderVoicePlan(plan: VoicePlan): string {
  const response = new twilio.twiml.VoiceResponse();
  const speech = SPEECH[plan.language];
  const say = (target: { say: VoiceResponse['say'] }, text: string) =>
    target.say({ voice: speech.voice, language: speech.language }, text);
  switch (plan.kind) {
    case 'gather': {
      const gather = response.gather({
        input: ['speech', 'dtmf'],
        action: stepUrl('gather', plan.turn, plan.attempt ?? 0),
        method: 'POST',
        // The four line languages are Gather languages too (en-US, ru-RU, uk-UA, sk-SK).
        language: speech.language as VoiceResponse.GatherAttributes['language'],
        speechTimeout: 'auto',
        timeout: 6,
        actionOnEmptyResult: true,
      });
      for (const line of plan.say) say(gather, line);
      break;
    }
    case 'hold':
      say(response, plan.say);
      response.pause({ length: HOLD_PAUSE_SECONDS });
      response.redirect({ method: 'POST' }, stepUrl('hold', plan.turn, plan.attempt));
      break;
    case 'dial':
      say(response, plan.say);
      response.dial({ timeout: 25 }, plan.number);
      break;
    case 'voicemail':
      say(response, plan.say);
      response.record({
        action: stepUrl('recorded'),
        method: 'POST',
        maxLength: 120,
        playBeep: true,
        ...(plan.recordingStatusCallback
          ? {
              recordingStatusCallback: plan.recordingStatusCallback,
              recordingStatusCallbackMethod: 'POST',
            }
          : {}),
      });
      break;
    case 'hangup':
      say(response, plan.say);
      response.hangup();
      break;
  }
  return response.toString();
}

/** A voice request whose signature failed: the caller hears why instead of silence. */
export const NOT_VERIFIED_TWIML = (() => {
  const response = new twilio.twiml.VoiceResponse();
  response.say('We could not verify this request.');
  response.hangup();
  return response.toString();
})();
