// answerQuestion: sanitise, answer inside the tenant's scope within a bounded time, record.
// Opens its own transactions (channels call it from route handlers and jobs alike).
import { withTenantTx } from '../../db/tx';
import { getMetrics } from '../../obs/metrics';
import { stripControl } from '../../../lib/schemas/common';
import { ValidationError } from '../errors';
import { answerBuiltin } from './builtin';
import { AnswererUnavailableError } from './errors';
import { recordAnswer } from './records';
import type { Answer, AnswerRequest } from './types';

/** The whole answer (search + answerer) never takes longer than this unless the caller's signal ends it first. */
export const ANSWER_BUDGET_MS = 8_000;
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

export async function answerQuestion(input: AnswerRequest): Promise<Answer> {
  const request = { ...input, question: sanitiseQuestion(input.question) };
  const signal = budgetSignal(input.signal);
  const started = performance.now();
  let lastError: unknown;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    try {
      return await withinSignal(signal, () =>
        withTenantTx(request.tenantId, async (tx) => {
          const reply = await answerBuiltin(tx, request);
          const answer: Answer = {
            ...reply,
            fellBack: false,
            latencyMs: Math.round(performance.now() - started),
          };
          const id = await recordAnswer(tx, { request, answer, fallbackReason: null });
          getMetrics().answerDuration.observe(
            { answerer: answer.answerer },
            answer.latencyMs / 1000,
          );
          return { ...answer, id };
        }),
      );
    } catch (error) {
      if (error instanceof AnswererUnavailableError) throw error;
      lastError = error;
    }
  }
  throw new AnswererUnavailableError('the knowledge base could not be searched', {
    cause: (lastError as Error | undefined)?.message,
  });
}
