// The assistant for the console: ask a question as a caller would, or hear a text spoken. Both
// wait on an engine (seconds, possibly a provider), so no transaction is held (staffOutbound).
import { createTRPCRouter, staffOutboundProcedure } from '../init';
import { askAssistant, assistantTextInput, speakForConsole } from '../../domain/assistant';
import { speechText, ttsInput } from '../../domain/speech';

/** The console plays short clips: a paragraph, not a document. */
const CONSOLE_SPEECH_CHARACTERS = 1000;

export const assistantRouter = createTRPCRouter({
  text: staffOutboundProcedure
    .input(assistantTextInput)
    .mutation(async ({ ctx, input, signal }) => {
      const answer = await askAssistant({
        actor: ctx.actor,
        channel: 'console',
        request: input,
        signal,
      });
      return {
        id: answer.id,
        text: answer.text,
        known: answer.known,
        confidence: answer.confidence,
        sources: answer.sources,
        answerer: answer.answerer,
        fellBack: answer.fellBack,
        latencyMs: answer.latencyMs,
        callId: answer.callId,
      };
    }),
  tts: staffOutboundProcedure
    .input(ttsInput.extend({ input: speechText(CONSOLE_SPEECH_CHARACTERS) }))
    .mutation(async ({ ctx, input, signal }) => {
      const audio = await speakForConsole({ actor: ctx.actor, request: input, signal });
      return {
        audioBase64: Buffer.from(audio.audio).toString('base64'),
        contentType: audio.contentType,
        format: audio.format,
        sampleRate: audio.sampleRate,
        seconds: audio.seconds,
        engine: audio.engine,
      };
    }),
});
