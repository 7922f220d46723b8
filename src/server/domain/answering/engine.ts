// answerQuestion: sanitise, answer inside the tenant's scope within a bounded time, record.
// Opens its own transactions (channels call it from route handlers and jobs alike). With
// OPENAI_API_KEY set the model answers, grounded on the best articles, outside any transaction
// (a slow model must not hold a database connection); when it fails or runs out of time the
// built-in answerer answers from the same articles, counted in answerer_fallbacks_total.
import { withTenantTx } from '../../db/tx';
import { getEnv } from '../../env';
import { getMetrics } from '../../obs/metrics';
import { getOpenAiClient } from '../../providers/openai/configured';
import { stripControl } from '../../../lib/schemas/common';
import { ValidationError } from '../errors';
import { builtinFromHits } from './builtin';
import { AnswererUnavailableError } from './errors';
import { searchKnowledge } from './knowledge/search';
import { answerWithOpenAi, OpenAiAnswerFailure } from './openai';
import { recordAnswer } from './records';
import type { Answer, AnswerRequest } from './types';

/** The whole answer (search + answerer) never takes longer than this unless the caller's signal ends it first. */
export const ANSWER_BUDGET_MS = 8_000;
/** Kept back from the budget for the fallback and the record once the model has had its time. */
export const FALLBACK_RESERVE_MS = 1_000;
/** Articles the model is grounded on (the built-in answerer needs only the best). */
const GROUNDING_ARTICLES = 5;
/** Transient failures (a dropped connection, a serialisation conflict) are tried this many times in all. */
const ATTEMPTS = 2;

export function sanitiseQuestion(question: string): string {
  const text = stripControl(question).replace(/\s+/g, ' ').trim();
  if (!text) throw new ValidationError('the question is empty', { field: 'question' });
  if (text.length > 4000)
    throw new ValidationError('the question is longer than 4000 characters', { field: 'question' });
  return text;
}

function budgetSignal(signal: AbortSignal | undefined): AbortSignal {
  const timeout = AbortSignal.timeout(ANSWER_BUDGET_MS);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

async function withinSignal<T>(signal: AbortSignal, run: () => Promise<T>): Promise<T> {
  if (signal.aborted) throw new AnswererUnavailableError('the answer ran out of time');
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AnswererUnavailableError('the answer ran out of time'));
    signal.addEventListener('abort', onAbort, { once: true });
    run()
      .then(resolve, reject)
      .finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Runs a database step within the signal, once more on a transient error. */
async function databaseStep<T>(signal: AbortSignal, run: () => Promise<T>): Promise<T> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    try {
      return await withinSignal(signal, run);
    } catch (error) {
      if (error instanceof AnswererUnavailableError || error instanceof ValidationError)
        throw error;
      lastError = error;
    }
  }
  throw new AnswererUnavailableError('the knowledge base could not be searched', {
    cause: (lastError as Error | undefined)?.message,
  });
}

export async function answerQuestion(input: AnswerRequest): Promise<Answer> {
  const request = { ...input, question: sanitiseQuestion(input.question) };
  const signal = budgetSignal(input.signal);
  const started = performance.now();
  const client = getOpenAiClient();
  const finish = (reply: Omit<Answer, 'latencyMs' | 'fellBack'>, fallbackReason: string | null) =>
    databaseStep(signal, () =>
      withTenantTx(request.tenantId, async (tx) => {
        const answer: Answer = {
          ...reply,
          fellBack: fallbackReason !== null,
          latencyMs: Math.round(performance.now() - started),
        };
        const id = await recordAnswer(tx, { request, answer, fallbackReason });
        getMetrics().answerDuration.observe({ answerer: answer.answerer }, answer.latencyMs / 1000);
        return { ...answer, id };
      }),
    );

  const hits = await databaseStep(signal, () =>
    withTenantTx(request.tenantId, (tx) =>
      searchKnowledge(tx, {
        tenantId: request.tenantId,
        language: request.language,
        question: request.question,
        limit: client ? GROUNDING_ARTICLES : 3,
      }),
    ),
  );
  // Nothing to ground a model on: the answer is "don't know" whoever gives it.
  if (!client || !hits.length) return finish(builtinFromHits(hits, request.language), null);

  try {
    const reply = await answerWithOpenAi({
      client,
      model: getEnv().OPENAI_MODEL,
      request,
      hits,
      deadline: started + ANSWER_BUDGET_MS - FALLBACK_RESERVE_MS,
      signal: input.signal,
    });
    return await finish(reply, null);
  } catch (error) {
    if (!(error instanceof OpenAiAnswerFailure)) throw error;
    if (error.callerAborted) throw new AnswererUnavailableError('the answer ran out of time');
    getMetrics().answererFallbacks.inc();
    return finish(builtinFromHits(hits, request.language), error.reason);
  }
}
