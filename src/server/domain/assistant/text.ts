// A question to the assistant from the internal API or the console: answered by the answering
// engine from the tenant's knowledge (sources, confidence, which answerer), and audited with the
// caller's own call id when it sent one.
import { z } from 'zod';
import { withTenantTx } from '../../db/tx';
import { singleLine } from '../../../lib/schemas/common';
import { answerQuestion } from '../answering/engine';
import { answerLanguages, type Answer, type AnswerChannel } from '../answering/types';
import type { Actor } from '../audit/actor';
import { recordAudit } from '../audit/record';
import { speechText } from '../speech/input';
import { consumeAssistantCall } from './rate-limit';

export const ASSISTANT_TEXT_MAX = 4000;

export const assistantTextInput = z.object({
  text: speechText(ASSISTANT_TEXT_MAX),
  language: z.enum(answerLanguages, { error: `one of ${answerLanguages.join(', ')}` }),
  call_id: singleLine(128).optional(),
});
export type AssistantTextInput = z.output<typeof assistantTextInput>;

export type AssistantAnswer = Answer & { id: string; callId: string | null };

export async function askAssistant(input: {
  actor: Actor;
  channel: Extract<AnswerChannel, 'api' | 'console'>;
  request: AssistantTextInput;
  signal?: AbortSignal;
}): Promise<AssistantAnswer> {
  const { actor, request } = input;
  await consumeAssistantCall(actor.tenantId);
  const answer = await answerQuestion({
    tenantId: actor.tenantId,
    question: request.text,
    language: request.language,
    channel: input.channel,
    signal: input.signal,
  });
  const callId = request.call_id ?? null;
  // answerQuestion committed the answer's record in its own transaction; the audit entry that
  // says who asked follows in the next one.
  await withTenantTx(actor.tenantId, (tx) =>
    recordAudit(tx, {
      tenantId: actor.tenantId,
      actorId: actor.userId,
      action: 'assistant.question_answered',
      subject: answer.id ?? 'answer',
      detail: {
        channel: input.channel,
        language: request.language,
        known: answer.known,
        answerer: answer.answerer,
        ...(callId ? { callId } : {}),
      },
    }),
  );
  return { ...answer, id: answer.id ?? '', callId };
}
