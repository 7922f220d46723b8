// The OpenAI simulator's model list (what /ready asks when the simulator is the configured endpoint).
import { handleModels } from '@/server/simulators/openai/http';

export const dynamic = 'force-dynamic';

export function GET(request: Request): Response {
  return handleModels(request);
}
