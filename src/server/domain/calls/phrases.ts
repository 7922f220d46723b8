// What the assistant says besides the answers, per line language.
import type { VoiceLanguage } from '../../providers/twilio/voice-twiml';

export type Phrase =
  | 'holding'
  | 'transfer'
  | 'voicemail'
  | 'notHeard'
  | 'notInService'
  | 'unavailable'
  | 'goodbye'
  | 'anythingElse';

const PHRASES: Record<VoiceLanguage, Record<Phrase, string>> = {
  en: {
    holding: 'One moment, please.',
    transfer: 'Let me connect you with a colleague.',
    voicemail: 'Nobody can take your call right now. Please leave a message after the tone.',
    notHeard: "Sorry, I didn't catch that. What can I help you with?",
    notInService: 'This number is not in service.',
    unavailable: 'Sorry, we cannot take your call right now. Please call again later.',
    goodbye: 'Thank you for calling. Goodbye.',
    anythingElse: 'Is there anything else I can help you with?',
  },
  ru: {
    holding: 'Одну минуту, пожалуйста.',
    transfer: 'Соединяю вас с коллегой.',
    voicemail: 'Сейчас никто не может ответить. Оставьте сообщение после сигнала.',
    notHeard: 'Извините, я не расслышала. Чем я могу помочь?',
    notInService: 'Этот номер не обслуживается.',
    unavailable: 'Извините, сейчас мы не можем принять звонок. Позвоните позже.',
    goodbye: 'Спасибо за звонок. До свидания.',
    anythingElse: 'Могу ли я помочь чем-то ещё?',
  },
  uk: {
    holding: 'Хвилинку, будь ласка.',
    transfer: 'Зʼєдную вас із колегою.',
    voicemail: 'Зараз ніхто не може відповісти. Залиште повідомлення після сигналу.',
    notHeard: 'Вибачте, я не розчула. Чим я можу допомогти?',
    notInService: 'Цей номер не обслуговується.',
    unavailable: 'Вибачте, зараз ми не можемо прийняти дзвінок. Зателефонуйте пізніше.',
    goodbye: 'Дякуємо за дзвінок. До побачення.',
    anythingElse: 'Чи можу я допомогти ще чимось?',
  },
  sk: {
    holding: 'Moment, prosím.',
    transfer: 'Spojím vás s kolegom.',
    voicemail: 'Momentálne nikto nemôže prijať hovor. Zanechajte odkaz po zaznení signálu.',
    notHeard: 'Prepáčte, nerozumela som. S čím vám môžem pomôcť?',
    notInService: 'Toto číslo nie je v prevádzke.',
    unavailable: 'Prepáčte, momentálne nemôžeme prijať hovor. Zavolajte neskôr.',
    goodbye: 'Ďakujeme za zavolanie. Dovidenia.',
    anythingElse: 'Môžem vám pomôcť ešte s niečím?',
  },
};

export const phrase = (language: VoiceLanguage, key: Phrase) => PHRASES[language][key];

// "Operator" in the four languages (and "person", "human"): the caller asks for a human.
const OPERATOR =
  /(^|[^\p{L}])(operator|agent|human|person|representative|оператор\p{L}*|человек\p{L}*|людин\p{L}*|operátor\p{L}*|človek\p{L}*)([^\p{L}]|$)/iu;

export function asksForOperator(speech: string | null, digits: string | null): boolean {
  if (digits === '0') return true;
  return speech !== null && OPERATOR.test(speech);
}
