// The console's call simulator: place a call to one of the tenant's voice lines through the
// Twilio simulator, then speak, key digits or hang up as the caller. Each step posts real signed
// voice webhooks to our own endpoint (the simulator's driver, voice-call.ts) and keeps the
// driver's state in simulated_calls. Only when the simulator is the configured Twilio: with real
// Twilio credentials every procedure answers NOT_FOUND, as the Checkout simulator does.
//
// Opens its own short transactions: no transaction is held while our webhook answers (it runs
// the answering engine, which may take seconds). A lease on the row (busy_until) keeps two steps
// of one call from interleaving.
import { withTenantTx, type Tx } from '../../db/tx';
import { realTwilioConfigured } from '../../simulators/clients';
import {
  hangUp,
  placeCall,
  pressDigits,
  say,
  type VoiceCall,
  type VoiceCallContext,
} from '../../simulators/twilio/voice-call';
import { appOrigin } from '../connections/app-origin';
import { recordAudit } from '../audit/record';
import type { Actor } from '../audit/actor';
import { ConflictError, NotFoundError } from '../errors';
import { MAX_STEPS, readState, type CallerInput, type SimulatorState } from './state';
import { twilioConnectionForCalls } from './twilio-connection';
import { viewOf, type SimulatedCallView } from './view';

/** Longer than a step can take (the driver's own timeouts end a webhook at 20 s). */
const LEASE_MS = 90_000;

export const isCallSimulatorActive = () => !realTwilioConfigured();

function requireActive() {
  if (!isCallSimulatorActive())
    throw new NotFoundError('the call simulator is off: real Twilio is configured');
}

const scopeOf = (actor: Actor) => ({ userId: actor.userId ?? undefined });

const rowSelect = { id: true, lineId: true, callSid: true, state: true } as const;

async function storedCallId(tx: Tx, tenantId: string, callSid: string) {
  const call = await tx.call.findUnique({
    where: { tenantId_callSid: { tenantId, callSid } },
    select: { id: true },
  });
  return call?.id ?? null;
}

export async function placeSimulatedCall(input: {
  actor: Actor;
  lineId: string;
  from: string;
}): Promise<SimulatedCallView> {
  requireActive();
  const { actor } = input;
  const { line, connection } = await withTenantTx(
    actor.tenantId,
    async (tx) => {
      const found = await tx.voiceLine.findUnique({
        where: { id: input.lineId },
        select: { id: true, phone: true },
      });
      if (!found) throw new NotFoundError('voice line not found');
      return { line: found, connection: await twilioConnectionForCalls(tx, { actor }) };
    },
    scopeOf(actor),
  );
  const call = await placeCall(
    { url: `${appOrigin()}${connection.path}`, from: input.from, to: line.phone },
    { authToken: connection.secret },
  );
  return withTenantTx(
    actor.tenantId,
    async (tx) => {
      const state: SimulatorState = { call, inputs: [] };
      const row = await tx.simulatedCall.create({
        data: {
          tenantId: actor.tenantId,
          lineId: line.id,
          callSid: call.callSid,
          state,
          createdBy: actor.userId,
        },
        select: rowSelect,
      });
      await recordAudit(tx, {
        tenantId: actor.tenantId,
        actorId: actor.userId,
        action: 'call_simulator.call_placed',
        subject: `simulated_call:${row.id}`,
        detail: { lineId: line.id, callSid: call.callSid, phase: call.phase },
      });
      return viewOf(row, state, await storedCallId(tx, actor.tenantId, call.callSid));
    },
    scopeOf(actor),
  );
}

type Step = {
  action: string;
  input: (exchange: number) => CallerInput;
  /** Speech and digits need a listening call; hanging up an ended call is a no-op. */
  needsListening: boolean;
  run: (call: VoiceCall, ctx: VoiceCallContext) => Promise<VoiceCall>;
  /** Nothing left to do (hanging up an ended call): answered as it stands, nothing written. */
  isDone?: (call: VoiceCall) => boolean;
};

async function takeStep(actor: Actor, id: string, step: Step): Promise<SimulatedCallView> {
  requireActive();
  const scope = scopeOf(actor);
  const claimed = await withTenantTx(
    actor.tenantId,
    async (tx) => {
      const now = new Date();
      const leased = await tx.simulatedCall.updateMany({
        where: { id, OR: [{ busyUntil: null }, { busyUntil: { lt: now } }] },
        data: { busyUntil: new Date(now.getTime() + LEASE_MS) },
      });
      const row = await tx.simulatedCall.findUnique({ where: { id }, select: rowSelect });
      if (!row) throw new NotFoundError('simulated call not found');
      if (leased.count === 0)
        throw new ConflictError('the call is still busy with the previous step; try again');
      const state = readState(row.state);
      if (step.isDone?.(state.call)) return { row, state, secret: null };
      if (step.needsListening && state.call.phase !== 'listening')
        throw new ConflictError(
          state.call.phase === 'transferred'
            ? 'the caller was transferred to a person; the assistant no longer listens'
            : `the call is not listening to the caller (it is ${state.call.phase})`,
        );
      if (state.inputs.length >= MAX_STEPS)
        throw new ConflictError(
          `a simulated call takes at most ${MAX_STEPS} steps; place a new call`,
        );
      const connection = await twilioConnectionForCalls(tx, { actor });
      return { row, state, secret: connection.secret };
    },
    scope,
  );
  if (claimed.secret === null)
    return withTenantTx(
      actor.tenantId,
      async (tx) => {
        await tx.simulatedCall.update({ where: { id }, data: { busyUntil: null } });
        return viewOf(
          claimed.row,
          claimed.state,
          await storedCallId(tx, actor.tenantId, claimed.row.callSid),
        );
      },
      scope,
    );
  let call: VoiceCall;
  try {
    call = await step.run(claimed.state.call, { authToken: claimed.secret });
  } catch (error) {
    await withTenantTx(
      actor.tenantId,
      (tx) => tx.simulatedCall.update({ where: { id }, data: { busyUntil: null } }),
      scope,
    );
    throw error;
  }
  const state: SimulatorState = {
    call,
    inputs: [...claimed.state.inputs, step.input(claimed.state.call.exchanges.length)],
  };
  return withTenantTx(
    actor.tenantId,
    async (tx) => {
      const row = await tx.simulatedCall.update({
        where: { id },
        data: { state, busyUntil: null },
        select: rowSelect,
      });
      await recordAudit(tx, {
        tenantId: actor.tenantId,
        actorId: actor.userId,
        action: step.action,
        subject: `simulated_call:${row.id}`,
        detail: { callSid: call.callSid, phase: call.phase },
      });
      return viewOf(row, state, await storedCallId(tx, actor.tenantId, call.callSid));
    },
    scope,
  );
}

export const sayInSimulatedCall = (input: { actor: Actor; id: string; text: string }) =>
  takeStep(input.actor, input.id, {
    action: 'call_simulator.caller_spoke',
    input: (exchange) => ({ kind: 'speech', text: input.text, exchange }),
    needsListening: true,
    run: (call, ctx) => say(call, input.text, ctx),
  });

export const keyDigitsInSimulatedCall = (input: { actor: Actor; id: string; digits: string }) =>
  takeStep(input.actor, input.id, {
    action: 'call_simulator.caller_keyed',
    input: (exchange) => ({ kind: 'digits', digits: input.digits, exchange }),
    needsListening: true,
    run: (call, ctx) => pressDigits(call, input.digits, ctx),
  });

export const hangUpSimulatedCall = (input: { actor: Actor; id: string }) =>
  takeStep(input.actor, input.id, {
    action: 'call_simulator.caller_hung_up',
    input: (exchange) => ({ kind: 'hangup', exchange }),
    needsListening: false,
    isDone: (call) => call.phase === 'ended',
    run: (call, ctx) => hangUp(call, ctx),
  });

/** What the caller has heard so far, and where the call stands. */
export async function getSimulatedCall(
  tx: Tx,
  { tenantId, id }: { tenantId: string; id: string },
): Promise<SimulatedCallView> {
  requireActive();
  const row = await tx.simulatedCall.findUnique({ where: { id }, select: rowSelect });
  if (!row) throw new NotFoundError('simulated call not found');
  const state = readState(row.state);
  return viewOf(row, state, await storedCallId(tx, tenantId, row.callSid));
}
