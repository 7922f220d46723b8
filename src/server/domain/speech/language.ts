// The language of a text when the caller names none (OpenAI's speech API has no language field):
// Ukrainian has letters Russian lacks (і ї є ґ), Slovak has diacritics English lacks.
import type { SpeechLanguage } from './types';

const CYRILLIC = /[\u0400-\u04FF]/;
const UKRAINIAN = /[іїєґІЇЄҐ]/;
const SLOVAK = /[áäčďéíĺľňóôŕšťúýžÁÄČĎÉÍĹĽŇÓÔŔŠŤÚÝŽ]/;

export function guessSpeechLanguage(text: string): SpeechLanguage {
  if (CYRILLIC.test(text)) return UKRAINIAN.test(text) ? 'uk' : 'ru';
  return SLOVAK.test(text) ? 'sk' : 'en';
}
