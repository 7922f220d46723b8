// The OpenAI-compatible answerer: asks a chat-completions model to answer from the tenant's best
// articles (openai-prompt.ts) and reads back a JSON verdict {known, answer, article_ids,
// confidence}. Bounded: every attempt has its own timeout and none starts past the deadline the
// engine gives; 429, 5xx, timeouts and unreadable bodies are retried (after Retry-After, capped,
// or a short jittered backoff). Anything it cannot turn into a grounded answer is thrown as an
// OpenAiAnswerFailure with a short reason: the engine then falls back to the built-in answerer.
import { z } from 'zod';
import { OpenAiApiError, type OpenAiClient } from '../../providers/openai/client';
import { dontKnowText } from './builtin';
import type { KnowledgeHit } from './knowledge/search';
import { groundedMessages } from './openai-prompt';
import type { Answer, AnswerRequest } from './types';

export class OpenAiAnswerFailure extends Error {
  override name = 'OpenAiAnswerFailure';
  /** True when the caller's own signal ended it (nobody is waiting: no fallback either). */
  constructor(
    readonly reason: string,
    readonly callerAborted = false,
  ) {
    super(`the OpenAI answerer failed: ${reason}`);
  }
}

/** Attempts per answer in all (the first and two retries), as long as the deadline allows. */
export const OPENAI_ATTEMPTS = 3;
/** A retry waits at most this long, whatever Retry-After says: a caller is on the line. */
const MAX_BACKOFF_MS = 1_000;
/** An attempt is not started with less time than this left: it could not finish. */
const MIN_ATTEMPT_MS = 100;
/** The spoken/sent answer is short; a model that writes an essay is cut. */
const MAX_ANSWER_CHARS = 2_000;

const verdictSchema = z.object({
  known: z.boolean(),
  answer: z.string(),
  article_ids: z.array(z.string()).max(20).default([]),
  confidence: z.number().min(0).max(1),
});

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

export async function answerWithOpenAi(input: {
  client: OpenAiClient;
  model: string;
  request: AnswerRequest;
  hits: readonly KnowledgeHit[];
  /** performance.now() value after which nothing is attempted. */
  deadline: number;
  /** The caller's own signal (a hung-up call, a cancelled job). */
  signal?: AbortSignal;
}): Promise<Omit<Answer, 'latencyMs' | 'fellBack'>> {
  const { client, request, hits, deadline, signal } = input;
  const body = {
    model: input.model,
    messages: groundedMessages(request, hits),
    temperature: 0,
    max_tokens: 400,
    response_format: { type: 'json_object' as const },
    user: request.tenantId,
  };
  let last = 'no attempt made';
  for (let attempt = 1; attempt <= OPENAI_ATTEMPTS; attempt++) {
    if (signal?.aborted) throw new OpenAiAnswerFailure('the caller gave up', true);
    const left = deadline - performance.now();
    if (left < MIN_ATTEMPT_MS) throw new OpenAiAnswerFailure(`out of time after ${last}`);
    try {
      const completion = await client.chatCompletion(body, {
        signal,
        timeoutMs: Math.min(client.timeoutMs, Math.floor(left)),
      });
      return readVerdict(completion.choices[0]!.message, request, hits);
    } catch (error) {
      if (error instanceof OpenAiAnswerFailure) throw error;
      if (!(error instanceof OpenAiApiError))
        throw new OpenAiAnswerFailure((error as Error).message);
      if (error.code === 'aborted') throw new OpenAiAnswerFailure('the caller gave up', true);
      last = error.httpStatus ? `HTTP ${error.httpStatus} (${error.code})` : error.code;
      if (error.kind === 'permanent') throw new OpenAiAnswerFailure(last);
      if (attempt === OPENAI_ATTEMPTS) break;
      const backoff = 100 * 2 ** (attempt - 1) * (0.5 + Math.random());
      const wait = Math.min(MAX_BACKOFF_MS, error.retryAfterMs ?? backoff);
      if (performance.now() + wait + MIN_ATTEMPT_MS > deadline)
        throw new OpenAiAnswerFailure(`out of time after ${last}`);
      await sleep(wait, signal);
    }
  }
  throw new OpenAiAnswerFailure(`${OPENAI_ATTEMPTS} attempts failed, the last with ${last}`);
}

/** The model's message → an Answer, or a failure when it is not a grounded JSON verdict. */
function readVerdict(
  message: { content: string | null; refusal?: string | null },
  request: AnswerRequest,
  hits: readonly KnowledgeHit[],
): Omit<Answer, 'latencyMs' | 'fellBack'> {
  if (message.refusal) throw new OpenAiAnswerFailure('the model refused');
  let json: unknown;
  try {
    json = JSON.parse(message.content ?? '') as unknown;
  } catch {
    throw new OpenAiAnswerFailure('the reply is not JSON');
  }
  const verdict = verdictSchema.safeParse(json);
  if (!verdict.success) throw new OpenAiAnswerFailure('the reply is not the JSON asked for');
  const { known, answer, article_ids: cited, confidence } = verdict.data;
  const byId = new Map(hits.map((h) => [h.articleId, h]));
  // Only articles we sent count as sources: an invented id is dropped, not trusted.
  const sources = [...new Set(cited)]
    .map((id) => byId.get(id))
    .filter((h): h is KnowledgeHit => h !== undefined)
    .map((h) => ({ articleId: h.articleId, title: h.title, score: h.score }));
  const text = answer.replace(/\s+/g, ' ').trim();
  if (!known)
    return {
      known: false,
      text: dontKnowText[request.language],
      confidence,
      sources: hits.map((h) => ({ articleId: h.articleId, title: h.title, score: h.score })),
      answerer: 'openai',
    };
  // A "known" answer must come from the articles: without a source it is not grounded.
  if (!sources.length) throw new OpenAiAnswerFailure('the answer cites none of the articles');
  if (!text) throw new OpenAiAnswerFailure('the answer is empty');
  return {
    known: true,
    text: text.length > MAX_ANSWER_CHARS ? `${text.slice(0, MAX_ANSWER_CHARS - 1)}…` : text,
    confidence,
    sources,
    answerer: 'openai',
  };
}
