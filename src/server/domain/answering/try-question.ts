// The console's "try a question" box: the same engine a caller or a chat gets (channel
// 'console', recorded like any answer), and an audit entry naming who asked, so a tenant can see
// what its staff tried against the knowledge base.
import { withTenantTx } from '../../db/tx';
import type { Actor } from '../audit/actor';
import { recordAudit } from '../audit/record';
import { answerQuestion } from './engine';
import type { AnswerLanguage } from './types';

export async function tryQuestion(input: {
  actor: Actor;
  question: string;
  language: AnswerLanguage;
}) {
  const answer = await answerQuestion({
    tenantId: input.actor.tenantId,
    question: input.question,
    language: input.language,
    channel: 'console',
  });
  await withTenantTx(input.actor.tenantId, (tx) =>
    recordAudit(tx, {
      tenantId: input.actor.tenantId,
      actorId: input.actor.userId,
      action: 'knowledge.question_tried',
      subject: `answer_record:${answer.id}`,
      detail: { language: input.language, known: answer.known, answerer: answer.answerer },
    }),
  );
  return {
    id: answer.id ?? null,
    text: answer.text,
    known: answer.known,
    confidence: answer.confidence,
    /** The best article's search score (0..1), what the built-in answerer holds to its threshold. */
    score: answer.sources[0]?.score ?? 0,
    sources: answer.sources,
    answerer: answer.answerer,
    fellBack: answer.fellBack,
    latencyMs: answer.latencyMs,
  };
}
