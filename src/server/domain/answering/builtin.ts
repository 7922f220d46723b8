// The built-in answerer: the best article when its score clears the threshold, else "I don't
// know" in the caller's language (the channel then hands over to a person).
import type { Tx } from '../../db/tx';
import type { Answer, AnswerLanguage, AnswerRequest } from './types';
import { searchKnowledge, type KnowledgeHit } from './knowledge/search';

/** Below this the best article is more likely a near miss than the answer (relevance test). */
export const BUILTIN_THRESHOLD = 0.3;

export const dontKnowText: Record<AnswerLanguage, string> = {
  en: "Sorry, I don't know the answer to that.",
  ru: 'Извините, я не знаю ответа на этот вопрос.',
  uk: 'Вибачте, я не знаю відповіді на це питання.',
  sk: 'Prepáčte, na to odpoveď nepoznám.',
};

export async function answerBuiltin(
  tx: Tx,
  request: AnswerRequest,
): Promise<Omit<Answer, 'latencyMs' | 'fellBack'>> {
  const hits = await searchKnowledge(tx, {
    tenantId: request.tenantId,
    language: request.language,
    question: request.question,
  });
  return builtinFromHits(hits, request.language);
}

/** The built-in verdict on hits already found (also the fallback when the model fails). */
export function builtinFromHits(
  hits: readonly KnowledgeHit[],
  language: AnswerLanguage,
): Omit<Answer, 'latencyMs' | 'fellBack'> {
  const sources = hits.map((h) => ({ articleId: h.articleId, title: h.title, score: h.score }));
  const best = hits[0];
  if (!best || best.score < BUILTIN_THRESHOLD)
    return {
      known: false,
      text: dontKnowText[language],
      confidence: best?.score ?? 0,
      sources,
      answerer: 'builtin',
    };
  return { known: true, text: best.body, confidence: best.score, sources, answerer: 'builtin' };
}
