// Text to speech: the narrow interface the TTS API, the console and the call flow see. An engine
// turns text in one language into audio; which engine runs is decided in engines.ts.
import type { AnswerLanguage } from '../answering/types';

export type SpeechLanguage = AnswerLanguage;
export type SpeechEngineName = 'espeak' | 'openai';

/** What every engine can produce: a RIFF WAV file, or the same samples raw (16-bit LE, mono). */
export const speechFormats = ['wav', 'pcm'] as const;
export type SpeechFormat = (typeof speechFormats)[number];

export const speechContentTypes: Record<SpeechFormat, string> = {
  wav: 'audio/wav',
  pcm: 'audio/pcm',
};

/** OpenAI's speech voices; the offline engine maps each to an eSpeak NG variant (voices.ts). */
export const speechVoices = [
  'alloy',
  'ash',
  'ballad',
  'coral',
  'echo',
  'fable',
  'nova',
  'onyx',
  'sage',
  'shimmer',
  'verse',
] as const;
export type SpeechVoice = (typeof speechVoices)[number];

/** The models the API accepts (OpenAI's names); the offline engine ignores which. */
export const speechModels = ['tts-1', 'tts-1-hd', 'gpt-4o-mini-tts'] as const;
export type SpeechModel = (typeof speechModels)[number];

export const SPEECH_MIN_SPEED = 0.25;
export const SPEECH_MAX_SPEED = 4;
export const SPEECH_MAX_CHARACTERS = 4000;

export type SpeechRequest = {
  /** Sanitised, 1..4000 characters. */
  text: string;
  language: SpeechLanguage;
  voice: SpeechVoice;
  model: SpeechModel;
  format: SpeechFormat;
  /** 0.25..4.0, 1 = the engine's normal rate. */
  speed: number;
  signal?: AbortSignal;
};

export type SpeechAudio = {
  audio: Uint8Array;
  format: SpeechFormat;
  contentType: string;
  /** Samples per second (mono, 16-bit). */
  sampleRate: number;
  /** Length of the audio. */
  seconds: number;
  engine: SpeechEngineName;
};

export interface SpeechEngine {
  readonly name: SpeechEngineName;
  synthesize(request: SpeechRequest): Promise<SpeechAudio>;
}
