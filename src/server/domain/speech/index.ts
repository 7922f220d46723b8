export * from './types';
export { ttsInput, speechText, unsupportedFormatMessage, type TtsInput } from './input';
export { synthesizeSpeech, configuredSpeechEngine } from './synthesize';
export { guessSpeechLanguage } from './language';
export { parseWav, pcmSeconds, wavFromPcm, InvalidWavError, type WavInfo } from './wav';
export { SpeechBusyError, SpeechFailedError } from './errors';
export { getEspeakPool } from './espeak-engine';
export { espeakWordsPerMinute } from './voices';
export {
  speechUrl,
  mintSpeechToken,
  verifySpeechToken,
  SPEECH_URL_PATH,
  SPEECH_URL_MAX_TTL_SECONDS,
  type SpeechClaim,
  type SpeechTokenCheck,
} from './signed-url';
export { audioForSpeechToken, type SignedAudio } from './signed-audio';
