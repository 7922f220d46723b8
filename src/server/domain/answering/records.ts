// Every answer given is recorded: question (sanitised), answer, sources, confidence, answerer,
// whether it fell back and why, latency.
import type { Tx } from '../../db/tx';
import type { Answer, AnswerRequest } from './types';

export async function recordAnswer(
  tx: Tx,
  input: { request: AnswerRequest; answer: Answer; fallbackReason: string | null },
): Promise<string> {
  const { request, answer } = input;
  const row = await tx.answerRecord.create({
    data: {
      tenantId: request.tenantId,
      channel: request.channel,
      language: request.language,
      question: request.question,
      answer: answer.text.slice(0, 10_000),
      known: answer.known,
      confidence: Math.min(1, Math.max(0, answer.confidence)),
      sources: answer.sources.slice(0, 10),
      answerer: answer.answerer,
      fellBack: answer.fellBack,
      fallbackReason: answer.fellBack ? (input.fallbackReason ?? 'unknown').slice(0, 300) : null,
      latencyMs: Math.max(0, Math.round(answer.latencyMs)),
    },
    select: { id: true },
  });
  return row.id;
}
