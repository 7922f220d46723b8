// POST /api/v1/text — a question to the assistant, answered from the tenant's knowledge.
//   Body (JSON): { text ≤ 4 000 characters (trimmed, control characters removed, not empty),
//   language: en | ru | uk | sk, call_id? ≤ 128 (your reference, echoed and kept in the audit) }.
//   Bearer API token. 200 { answer, known, confidence, sources: [{ article_id, title, score }],
//   answerer, fell_back, latency_ms, answer_id, call_id }; 401, 415, 400 unreadable JSON, 422
//   with fieldErrors, 429 with Retry-After (the API or the assistant's limit), 503 the answering
//   engine cannot answer now.
import { apiV1Route } from '@/server/trpc/api-v1-route';
import { actorOf } from '@/server/domain/audit/actor';
import { askAssistant, assistantTextInput, parseFields } from '@/server/domain/assistant';

export const dynamic = 'force-dynamic';

export function POST(req: Request): Promise<Response> {
  return apiV1Route(req, 'asking the assistant', async (principal, body) => {
    const request = parseFields(assistantTextInput, body);
    const answer = await askAssistant({
      actor: actorOf(principal),
      channel: 'api',
      request,
      signal: req.signal,
    });
    return Response.json({
      answer: answer.text,
      known: answer.known,
      confidence: answer.confidence,
      sources: answer.sources.map((s) => ({
        article_id: s.articleId,
        title: s.title,
        score: s.score,
      })),
      answerer: answer.answerer,
      fell_back: answer.fellBack,
      latency_ms: answer.latencyMs,
      answer_id: answer.id,
      call_id: answer.callId,
    });
  });
}
