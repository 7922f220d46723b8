// The local OpenAI-compatible chat-completions API (src/server/simulators/openai/http.ts): with
// OPENAI_BASE_URL=<app>/api/simulators/openai/v1 the answerer posts here exactly as to the real one.
import { handleChatCompletions } from '@/server/simulators/openai/http';

export const dynamic = 'force-dynamic';

export function POST(request: Request): Promise<Response> {
  return handleChatCompletions(request);
}
