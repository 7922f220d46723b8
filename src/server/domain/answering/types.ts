// The answering engine's narrow interface: the only thing voice and conversations know about it.
// A channel hands over a question (and for chats the recent history) and gets an Answer back; it
// never talks to an LLM or the knowledge base directly (DESIGN.md, "The answering engine").

export const answerLanguages = ['en', 'ru', 'uk', 'sk'] as const;
export type AnswerLanguage = (typeof answerLanguages)[number];

/** Where the question came from: recorded with the answer, and lets an answerer shape its reply. */
export type AnswerChannel = 'voice' | 'whatsapp' | 'chatwoot' | 'api' | 'console';

export type AnswerTurn = { role: 'customer' | 'assistant' | 'agent'; text: string };

export type AnswerRequest = {
  tenantId: string;
  question: string;
  language: AnswerLanguage;
  channel: AnswerChannel;
  /** Recent turns of the conversation, oldest first (chats); empty for a single question. */
  history?: readonly AnswerTurn[];
  /** Aborts the answer when the caller's budget is spent (a job's timeout, a call's turn). */
  signal?: AbortSignal;
};

export type AnswerSource = { articleId: string; title: string; score: number };

export type AnswererName = 'builtin' | 'openai';

/**
 * What came back. `known: false` means the engine does not know (no article cleared the threshold,
 * or the answerer said so): voice transfers, conversations escalate. Failures that survive the
 * retries and the fallback are thrown (AnswererUnavailableError), never returned as an answer.
 */
export type Answer = {
  known: boolean;
  /** The reply to speak or send; for `known: false` a short "I don't know" in the request's language. */
  text: string;
  /** 0..1 */
  confidence: number;
  sources: AnswerSource[];
  answerer: AnswererName;
  /** True when the configured answerer failed and the built-in one answered instead. */
  fellBack: boolean;
  latencyMs: number;
  /** The answer's record (answer_records.id), so a call turn or message can point at it. */
  id?: string;
};

/** One implementation of answering: the built-in article matcher, or an OpenAI-compatible model. */
export interface Answerer {
  readonly name: AnswererName;
  answer(request: AnswerRequest): Promise<Answer>;
}
