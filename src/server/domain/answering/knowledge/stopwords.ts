// Question words Postgres' `simple` configuration keeps (uk, sk have no stop-word list there):
// dropped from the query so "як" or "ako" do not match every article. Written as the index
// stores them: lower-case, unaccented. en and ru use Postgres' own lists.
import type { AnswerLanguage } from '../types';

const uk =
  'як коли де що чи який яка яке які скільки чому хто можна мені мене мій моя моє мої ви вам вас ваш ваша ваше я ми у в на до з за про для і й та а але це це є не так від по о'.split(
    ' ',
  );
const sk =
  'ako kedy kde co ci aky aka ake ktory ktora kolko preco kto mozem moze mi ma moj moja vy vam vas vas je su sa si som a aj ale na do z zo za o pre v vo k ku od po to tu ten ta nie ano'.split(
    ' ',
  );

export function stopwordsOf(language: AnswerLanguage): string[] {
  if (language === 'uk') return uk;
  if (language === 'sk') return sk;
  return [];
}
