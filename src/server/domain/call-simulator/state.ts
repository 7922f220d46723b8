// What the console keeps of a simulated call between requests: the Twilio simulator's own call
// (its driver state, a plain JSON value) and what the person typed as the caller, each tied to
// the exchange it started, so the conversation can be shown in order.
import type { VoiceCall } from '../../simulators/twilio/voice-call';

export type CallerInput =
  | { kind: 'speech'; text: string; exchange: number }
  | { kind: 'digits'; digits: string; exchange: number }
  | { kind: 'hangup'; exchange: number };

export type SimulatorState = { call: VoiceCall; inputs: CallerInput[] };

/** A simulated call takes at most this many steps (each posts one or more webhooks). */
export const MAX_STEPS = 60;

/** The state column holds what this module wrote; anything else is a corrupted row. */
export function readState(value: unknown): SimulatorState {
  const state = value as Partial<SimulatorState> | null;
  if (!state?.call || !Array.isArray(state.inputs) || !Array.isArray(state.call.exchanges))
    throw new Error('a simulated call row holds no simulator state');
  return state as SimulatorState;
}
