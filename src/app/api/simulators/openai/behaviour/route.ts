// How the OpenAI simulator behaves (normal, slow, timeout, fail, malformed), for dev and demos:
// curl -X PUT -H "authorization: Bearer $SIM_OPENAI_API_KEY" -d '{"behaviour":{"mode":"slow","delayMs":4000}}' …
import { handleBehaviour } from '@/server/simulators/openai/http';

export const dynamic = 'force-dynamic';

export const GET = handleBehaviour;
export const PUT = handleBehaviour;
export const DELETE = handleBehaviour;
