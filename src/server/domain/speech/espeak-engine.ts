// The offline engine: eSpeak NG (the npm `espeak-ng` package, GPL-3.0-or-later) in worker threads.
// It writes a 22 050 Hz, 16-bit mono WAV; `pcm` is that file's samples without the header.
import { getEnv } from '../../env';
import { EspeakPool } from './espeak-pool';
import { espeakVoice, espeakWordsPerMinute } from './voices';
import { parseWav, pcmSeconds } from './wav';
import {
  speechContentTypes,
  type SpeechAudio,
  type SpeechEngine,
  type SpeechRequest,
} from './types';

const store = globalThis as { __switchboardEspeakPool?: EspeakPool };

/** One pool per process (Next's bundles share it through globalThis, as they share metrics). */
export function getEspeakPool(): EspeakPool {
  const env = getEnv();
  return (store.__switchboardEspeakPool ??= new EspeakPool({
    threads: env.TTS_CONCURRENCY,
    queueMax: env.TTS_QUEUE_MAX,
    timeoutMs: env.TTS_TIMEOUT_MS,
  }));
}

export const espeakEngine: SpeechEngine = {
  name: 'espeak',
  async synthesize(request: SpeechRequest): Promise<SpeechAudio> {
    const wav = await getEspeakPool().synthesize(
      {
        text: request.text,
        voice: espeakVoice(request.language, request.voice),
        wpm: espeakWordsPerMinute(request.speed),
      },
      request.signal,
    );
    const info = parseWav(wav);
    const audio = request.format === 'wav' ? wav : info.data;
    return {
      audio,
      format: request.format,
      contentType: speechContentTypes[request.format],
      sampleRate: info.sampleRate,
      seconds: pcmSeconds(info.data.byteLength, info.sampleRate, info.channels),
      engine: 'espeak',
    };
  },
};
