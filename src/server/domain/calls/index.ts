// The calls domain: voice lines, the call status callbacks that build each call.
export { createVoiceLine, deleteVoiceLine, listVoiceLines, updateVoiceLine } from './lines';
export type { VoiceLineView } from './lines';
export { createVoiceLineInput, updateVoiceLineInput } from './line-fields';
export { applyCallStatus } from './status';
export { getCall, listCalls, listCallsInput } from './views';
