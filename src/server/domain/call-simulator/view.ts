// A simulated call as the console shows it: the conversation so far (what the caller said or
// keyed, what the assistant said), where the call stands, and the stored Call it made.
import { maskPhone } from '../../../lib/schemas/phone-mask';
import type { CallPhase } from '../../simulators/twilio/voice-call';
import type { SimulatorState } from './state';

export type SimulatorLine =
  | { who: 'caller'; text: string }
  | { who: 'assistant'; text: string; language: string | null }
  | { who: 'event'; text: string };

export type SimulatedCallView = {
  id: string;
  callSid: string;
  lineId: string | null;
  /** The caller's number, masked as in every list. */
  from: string;
  to: string;
  phase: CallPhase;
  /** The number the caller was put through to, after a transfer. */
  transferredTo: string | null;
  endedBy: 'caller' | 'assistant' | 'error' | null;
  /** True while a <Gather> waits: the caller may speak or key digits. */
  isListening: boolean;
  lines: SimulatorLine[];
  /** The Call the status callbacks built (calls.id), once it exists. */
  storedCallId: string | null;
};

function callerLine(input: SimulatorState['inputs'][number]): SimulatorLine {
  if (input.kind === 'speech') return { who: 'caller', text: input.text };
  if (input.kind === 'digits') return { who: 'caller', text: `(keys ${input.digits})` };
  return { who: 'event', text: 'The caller hung up.' };
}

export function viewOf(
  row: { id: string; lineId: string | null },
  { call, inputs }: SimulatorState,
  storedCallId: string | null,
): SimulatedCallView {
  const lines: SimulatorLine[] = [];
  const pending = [...inputs];
  const flushInputs = (before: number) => {
    while (pending[0] && pending[0].exchange <= before) lines.push(callerLine(pending.shift()!));
  };
  call.exchanges.forEach((exchange, index) => {
    flushInputs(index);
    if (exchange.status >= 400 && exchange.heard.length === 0)
      lines.push({
        who: 'event',
        text: `Our server answered ${exchange.status}; the call failed.`,
      });
    for (const heard of exchange.heard) {
      if (heard.verb === 'say')
        lines.push({ who: 'assistant', text: heard.text, language: heard.language });
      else if (heard.verb === 'play')
        lines.push({ who: 'event', text: 'The assistant played a recorded answer.' });
      else if (heard.verb === 'dial')
        lines.push({
          who: 'event',
          text: `Transferred to ${maskPhone(heard.number, { style: 'display' })}.`,
        });
      else if (heard.verb === 'record')
        lines.push({ who: 'event', text: 'The caller is asked to leave a message.' });
      else if (heard.verb === 'hangup')
        lines.push({ who: 'event', text: 'The assistant hung up.' });
    }
  });
  flushInputs(Number.MAX_SAFE_INTEGER);
  return {
    id: row.id,
    callSid: call.callSid,
    lineId: row.lineId,
    from: maskPhone(call.from, { style: 'display' }),
    to: call.to,
    phase: call.phase,
    transferredTo: call.dialled ? maskPhone(call.dialled, { style: 'display' }) : null,
    endedBy: call.endedBy,
    isListening: call.phase === 'listening' && call.action !== null,
    lines,
    storedCallId,
  };
}
