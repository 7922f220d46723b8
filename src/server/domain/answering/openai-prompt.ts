// What the OpenAI-compatible answerer sends: one system message that grounds the model on the
// tenant's best articles (and asks for a JSON verdict), the recent turns, then the question. The
// <article id="…"> framing is also what the local simulator reads (simulators/openai/model.ts).
import type { ChatMessage } from '../../providers/openai/wire';
import type { KnowledgeHit } from './knowledge/search';
import type { AnswerLanguage, AnswerRequest } from './types';

const languageName: Record<AnswerLanguage, string> = {
  en: 'English',
  ru: 'Russian',
  uk: 'Ukrainian',
  sk: 'Slovak',
};

/** Turns of a chat's history sent along, newest kept; each capped (a pasted essay is not context). */
const HISTORY_TURNS = 10;
const TURN_CHARS = 1_000;

/** An article's text cannot close its own frame or open another (prompt injection through the knowledge base). */
const unframe = (text: string) => text.replace(/<(\/?)article/gi, '‹$1article');

export function groundedMessages(
  request: AnswerRequest,
  hits: readonly KnowledgeHit[],
): ChatMessage[] {
  const articles = hits
    .map(
      (h) =>
        `<article id="${h.articleId}">\nTitle: ${unframe(h.title)}\n${unframe(h.body)}\n</article>`,
    )
    .join('\n');
  const system = [
    "You answer customers' questions for a business, on the phone and in chats.",
    'Use ONLY the articles below; never use other knowledge and never guess.',
    `Answer in ${languageName[request.language]}, in at most three short sentences of plain text that can be read aloud (no lists, no markdown, no links).`,
    'If the articles do not answer the question, say that you do not know.',
    'Reply with exactly one JSON object and nothing else:',
    '{"known": true or false, "answer": "the answer, empty when not known", "article_ids": ["ids of the articles the answer comes from"], "confidence": a number from 0 to 1}.',
    '',
    'Articles:',
    articles,
  ].join('\n');
  const history = (request.history ?? []).slice(-HISTORY_TURNS).map((turn): ChatMessage => ({
    role: turn.role === 'customer' ? 'user' : 'assistant',
    content: turn.text.slice(0, TURN_CHARS),
  }));
  return [
    { role: 'system', content: system },
    ...history,
    { role: 'user', content: request.question },
  ];
}
