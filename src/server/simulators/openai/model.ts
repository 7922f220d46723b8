// The simulator's "model": deterministic, and grounded only on what the prompt carries. It reads
// the articles the answerer put in the system message (<article id="…"> blocks, see
// domain/answering/openai-prompt.ts), picks the one sharing most of the question's words
// (accents folded, words compared by their first five letters so "refunds" meets "refund"), and
// answers with it in the JSON the prompt asks for; with too little in common it says it does
// not know. The same prompt always gets the same answer.
import type { ChatMessage } from '../../providers/openai/wire';

export type SimulatedArticle = { id: string; text: string };

export type SimulatedReply = {
  known: boolean;
  answer: string;
  article_ids: string[];
  confidence: number;
};

/** Below this share of the question's words found in the best article the model "does not know". */
const KNOWN_SHARE = 0.25;

const ARTICLE = /<article id="([^"\n]{1,100})">\n([\s\S]*?)\n<\/article>/g;

export function articlesInPrompt(messages: readonly ChatMessage[]): SimulatedArticle[] {
  const articles: SimulatedArticle[] = [];
  for (const m of messages)
    if (m.role === 'system' || m.role === 'developer')
      for (const match of m.content.matchAll(ARTICLE))
        articles.push({ id: match[1]!, text: match[2]! });
  return articles;
}

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** English function words of four letters or more (shorter words are dropped anyway). */
const FUNCTION_WORDS = new Set(
  'does what when where which have with this that there from about would could should will your much many they them then than into some also just'.split(
    ' ',
  ),
);

/** Content words: four letters or more (drops most function words in all four languages). */
const words = (text: string) =>
  fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 4 && !FUNCTION_WORDS.has(w))
    .map((w) => w.slice(0, 5));

export function answerFromPrompt(messages: readonly ChatMessage[]): SimulatedReply {
  const question = [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  const asked = [...new Set(words(question))];
  let best: { article: SimulatedArticle; share: number } | null = null;
  for (const article of articlesInPrompt(messages)) {
    const known = new Set(words(article.text));
    const found = asked.filter((w) => known.has(w)).length;
    const share = asked.length ? found / asked.length : 0;
    if (found > 0 && (!best || share > best.share)) best = { article, share };
  }
  if (!best || best.share < KNOWN_SHARE)
    return { known: false, answer: '', article_ids: [], confidence: 0.1 };
  // The article's body (its first line is "Title: …") as the answer, at most ~600 characters.
  const body = best.article.text.split('\n').slice(1).join(' ').trim() || best.article.text;
  return {
    known: true,
    answer: body.length > 600 ? `${body.slice(0, 597)}…` : body,
    article_ids: [best.article.id],
    confidence: Math.round((0.5 + 0.5 * best.share) * 100) / 100,
  };
}
