// Speech for the internal API and the console: the text in the named language (or the one its
// letters show), through the configured engine, within the assistant's rate limit.
import { withTenantTx } from '../../db/tx';
import type { Actor } from '../audit/actor';
import { recordAudit } from '../audit/record';
import { ValidationError } from '../errors';
import type { TtsInput } from '../speech/input';
import { guessSpeechLanguage } from '../speech/language';
import { synthesizeSpeech } from '../speech/synthesize';
import type { SpeechAudio } from '../speech/types';
import { consumeAssistantCall } from './rate-limit';

export async function speakForTenant(input: {
  tenantId: string;
  request: TtsInput;
  signal?: AbortSignal;
}): Promise<SpeechAudio> {
  const { request } = input;
  await consumeAssistantCall(input.tenantId);
  return synthesizeSpeech({
    text: request.input,
    language: request.language ?? guessSpeechLanguage(request.input),
    voice: request.voice,
    model: request.model,
    format: request.response_format,
    speed: request.speed,
    signal: input.signal,
  });
}

/** What the console may receive in one answer (base64 inside JSON): about a minute of speech. */
export const CONSOLE_SPEECH_MAX_BYTES = 3 * 1024 * 1024;

/** The console's clip: bounded in size, audited (who had what spoken). */
export async function speakForConsole(input: {
  actor: Actor;
  request: TtsInput;
  signal?: AbortSignal;
}): Promise<SpeechAudio> {
  const { actor, request } = input;
  const audio = await speakForTenant({ tenantId: actor.tenantId, request, signal: input.signal });
  if (audio.audio.byteLength > CONSOLE_SPEECH_MAX_BYTES)
    throw new ValidationError(
      `the speech is longer than the console plays (${Math.round(audio.seconds)} s); shorten the text or raise the speed`,
      { field: 'input' },
    );
  await withTenantTx(actor.tenantId, (tx) =>
    recordAudit(tx, {
      tenantId: actor.tenantId,
      actorId: actor.userId,
      action: 'assistant.speech_made',
      subject: audio.engine,
      detail: {
        characters: request.input.length,
        language: request.language ?? guessSpeechLanguage(request.input),
        format: audio.format,
        seconds: Math.round(audio.seconds * 100) / 100,
      },
    }),
  );
  return audio;
}
