// OpenAI's speech API as an engine (used when OPENAI_API_KEY is set). It is always asked for WAV,
// so the sample rate comes from the file's own header (OpenAI streams it at 24 kHz with unknown
// sizes); `pcm` is its samples, and `wav` is rewritten with a header that states its real length.
// A transient failure is tried once more within the time left; the caller falls back after that.
import {
  createSpeech,
  OpenAiSpeechError,
  type SpeechClientOptions,
} from '../../providers/openai/speech-client';
import { parseWav, pcmSeconds, wavFromPcm } from './wav';
import {
  speechContentTypes,
  type SpeechAudio,
  type SpeechEngine,
  type SpeechRequest,
} from './types';

const ATTEMPTS = 2;

export function openAiSpeechEngine(options: SpeechClientOptions): SpeechEngine {
  return {
    name: 'openai',
    async synthesize(request: SpeechRequest): Promise<SpeechAudio> {
      let lastError: unknown;
      for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
        try {
          const { bytes } = await createSpeech(
            options,
            {
              model: request.model,
              input: request.text,
              voice: request.voice,
              response_format: 'wav',
              speed: request.speed,
            },
            request.signal,
          );
          const info = parseWav(bytes);
          if (info.bitsPerSample !== 16 || info.channels !== 1)
            throw new OpenAiSpeechError(
              'permanent',
              200,
              'invalid_response',
              `answered ${info.bitsPerSample}-bit audio with ${info.channels} channels, not 16-bit mono`,
            );
          return {
            audio: request.format === 'wav' ? wavFromPcm(info.data, info.sampleRate) : info.data,
            format: request.format,
            contentType: speechContentTypes[request.format],
            sampleRate: info.sampleRate,
            seconds: pcmSeconds(info.data.byteLength, info.sampleRate),
            engine: 'openai',
          };
        } catch (error) {
          lastError = error;
          const transient = error instanceof OpenAiSpeechError && error.kind === 'transient';
          if (!transient || request.signal?.aborted) break;
        }
      }
      throw lastError;
    },
  };
}
