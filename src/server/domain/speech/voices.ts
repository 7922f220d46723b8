// How the API's voice, language and speed become eSpeak NG arguments.
import type { SpeechLanguage, SpeechVoice } from './types';

/** eSpeak NG's voice per language (American English; the others are the languages' own voices). */
const ESPEAK_LANGUAGE: Record<SpeechLanguage, string> = {
  en: 'en-us',
  ru: 'ru',
  uk: 'uk',
  sk: 'sk',
};

/** Each OpenAI voice as an eSpeak NG variant of roughly the same character (m = male, f = female). */
const ESPEAK_VARIANT: Record<SpeechVoice, string> = {
  alloy: 'm1',
  ash: 'm3',
  ballad: 'm5',
  coral: 'f2',
  echo: 'm2',
  fable: 'm4',
  nova: 'f3',
  onyx: 'm7',
  sage: 'f4',
  shimmer: 'f1',
  verse: 'm6',
};

export function espeakVoice(language: SpeechLanguage, voice: SpeechVoice): string {
  return `${ESPEAK_LANGUAGE[language]}+${ESPEAK_VARIANT[voice]}`;
}

/** eSpeak NG's normal rate; speed 1.0 speaks at it. */
export const ESPEAK_BASE_WPM = 175;
/** The rates this build accepts (no libsonic): faster or slower requests are held to them. */
export const ESPEAK_MIN_WPM = 80;
export const ESPEAK_MAX_WPM = 450;

/** Words per minute for a speed factor: proportional, so 2.0 takes about half as long as 1.0. */
export function espeakWordsPerMinute(speed: number): number {
  return Math.min(ESPEAK_MAX_WPM, Math.max(ESPEAK_MIN_WPM, Math.round(ESPEAK_BASE_WPM * speed)));
}
