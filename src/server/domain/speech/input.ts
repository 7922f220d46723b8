// The TTS request as the API and the console send it, shaped like OpenAI's /v1/audio/speech
// (input, voice, model, response_format, speed) plus an optional `language`. response_format
// defaults to wav (OpenAI's default, mp3, is not one this service makes).
import { z } from 'zod';
import { stripControl } from '../../../lib/schemas/common';
import { answerLanguages } from '../answering/types';
import {
  SPEECH_MAX_CHARACTERS,
  SPEECH_MAX_SPEED,
  SPEECH_MIN_SPEED,
  speechFormats,
  speechModels,
  speechVoices,
} from './types';

/** Trimmed, controls removed, runs of white space made one space; 1..max characters. */
export const speechText = (max: number) =>
  z
    .string('must be text')
    .transform((v) => stripControl(v).replace(/\s+/g, ' ').trim())
    .pipe(z.string().min(1, 'must not be empty').max(max, `at most ${max} characters`));

const oneOf = (values: readonly string[]) => values.join(', ');

export const unsupportedFormatMessage = (given: unknown) =>
  `unsupported format${typeof given === 'string' ? ` "${given.slice(0, 40)}"` : ''}; supported formats: ${oneOf(speechFormats)}`;

export const ttsInput = z.object({
  input: speechText(SPEECH_MAX_CHARACTERS),
  voice: z.enum(speechVoices, { error: `one of ${oneOf(speechVoices)}` }),
  model: z.enum(speechModels, { error: `one of ${oneOf(speechModels)}` }),
  response_format: z
    .enum(speechFormats, { error: (issue) => unsupportedFormatMessage(issue.input) })
    .default('wav'),
  speed: z
    .number('must be a number')
    .min(SPEECH_MIN_SPEED, `at least ${SPEECH_MIN_SPEED}`)
    .max(SPEECH_MAX_SPEED, `at most ${SPEECH_MAX_SPEED}`)
    .default(1),
  language: z.enum(answerLanguages, { error: `one of ${oneOf(answerLanguages)}` }).optional(),
});
export type TtsInput = z.infer<typeof ttsInput>;
