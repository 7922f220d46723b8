// The local OpenAI speech API (src/server/simulators/openai/speech.ts): with
// OPENAI_BASE_URL=<app>/api/simulators/openai/v1 the speech engine posts here exactly as to the real one.
import { handleSpeech } from '@/server/simulators/openai/speech';

export const dynamic = 'force-dynamic';

export function POST(request: Request): Promise<Response> {
  return handleSpeech(request);
}
