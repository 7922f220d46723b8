// synthesizeSpeech: the one entry point. Picks the engine (TTS_ENGINE; 'auto' = OpenAI's speech
// API when OPENAI_API_KEY is set, otherwise eSpeak NG), bounds the time, counts the audio made.
// When OpenAI's API fails (after its retry) the offline engine speaks instead: a caller on the
// phone hears the answer in a plainer voice rather than nothing.
import { getEnv } from '../../env';
import { logger } from '../../obs/logger';
import { getMetrics } from '../../obs/metrics';
import { espeakEngine } from './espeak-engine';
import { openAiSpeechEngine } from './openai-engine';
import type { SpeechAudio, SpeechEngine, SpeechRequest } from './types';

let cachedOpenAi: { fingerprint: string; engine: SpeechEngine } | undefined;

export function configuredSpeechEngine(): SpeechEngine {
  const env = getEnv();
  if (env.TTS_ENGINE === 'espeak' || !env.OPENAI_API_KEY) return espeakEngine;
  const options = {
    baseUrl: env.OPENAI_BASE_URL,
    apiKey: env.OPENAI_API_KEY,
    // Two attempts fit in the budget.
    timeoutMs: Math.floor(env.TTS_TIMEOUT_MS / 2),
  };
  const fingerprint = JSON.stringify(options);
  if (cachedOpenAi?.fingerprint !== fingerprint)
    cachedOpenAi = { fingerprint, engine: openAiSpeechEngine(options) };
  return cachedOpenAi.engine;
}

const within = (signal: AbortSignal | undefined, ms: number) =>
  signal ? AbortSignal.any([signal, AbortSignal.timeout(ms)]) : AbortSignal.timeout(ms);

export async function synthesizeSpeech(request: SpeechRequest): Promise<SpeechAudio> {
  const budget = getEnv().TTS_TIMEOUT_MS;
  const engine = configuredSpeechEngine();
  let audio: SpeechAudio;
  try {
    audio = await engine.synthesize({ ...request, signal: within(request.signal, budget) });
  } catch (error) {
    if (engine === espeakEngine || request.signal?.aborted) throw error;
    logger.warn(
      { err: error instanceof Error ? error.message : String(error) },
      'OpenAI speech failed; speaking with eSpeak NG instead',
    );
    audio = await espeakEngine.synthesize({ ...request, signal: within(request.signal, budget) });
  }
  getMetrics().ttsSeconds.inc({ engine: audio.engine }, audio.seconds);
  return audio;
}
