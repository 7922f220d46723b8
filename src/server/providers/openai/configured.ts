// The configured OpenAI-compatible endpoint, or null: OPENAI_API_KEY set → a client on
// OPENAI_BASE_URL (the real API, a compatible server, or the local simulator when the base URL
// points at it); unset → null, and the answering engine uses its built-in answerer.
import { getEnv } from '../../env';
import { OpenAiClient } from './client';

let cached: { fingerprint: string; client: OpenAiClient } | undefined;

export function getOpenAiClient(): OpenAiClient | null {
  const env = getEnv();
  if (!env.OPENAI_API_KEY) return null;
  const options = {
    baseUrl: env.OPENAI_BASE_URL,
    apiKey: env.OPENAI_API_KEY,
    timeoutMs: env.OPENAI_TIMEOUT_MS,
  };
  const fingerprint = JSON.stringify(options);
  if (cached?.fingerprint !== fingerprint)
    cached = { fingerprint, client: new OpenAiClient(options) };
  return cached.client;
}
