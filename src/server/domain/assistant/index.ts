// The assistant as the internal API and the console call it: questions answered, text spoken.
export { askAssistant, assistantTextInput, ASSISTANT_TEXT_MAX } from './text';
export type { AssistantAnswer, AssistantTextInput } from './text';
export { speakForConsole, speakForTenant, CONSOLE_SPEECH_MAX_BYTES } from './speech';
export { InvalidInputError, parseFields, type FieldErrors } from './input-error';
export { consumeAssistantCall } from './rate-limit';
