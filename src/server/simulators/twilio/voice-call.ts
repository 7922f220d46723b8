// A simulated phone call, driven as Twilio drives one: it posts signed voice webhooks (the SDK's
// X-Twilio-Signature scheme, form-encoded, the parameters Twilio sends) to the line's webhook URL,
// reads the TwiML that comes back and does what it says — <Say>/<Play>/<Pause> are "heard",
// <Gather> waits for say()/pressDigits(), <Redirect> is followed, <Dial>, <Record> and <Hangup>
// end the assistant's part — and posts the call's status callbacks (call-callbacks.ts).
//
// The state is a plain JSON value (no secret in it): the console's call simulator keeps it between
// requests; the auth token and the HTTP client come with every step in the context.
import { randomBytes } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import twilio from 'twilio';
import type { SimulatedDelivery } from '../types';
import { API_VERSION, simulatorCredentials } from './account';
import { callStatusDeliveries, type CallTransition } from './call-callbacks';
import { recordCallEnded, recordCallStarted } from './call-log';

export type HeardVerb =
  | { verb: 'say'; text: string; language: string | null }
  | { verb: 'play'; url: string }
  | { verb: 'pause'; seconds: number }
  | { verb: 'dial'; number: string }
  | { verb: 'record' }
  | { verb: 'hangup' };

/** One webhook the call made and what the TwiML it got back said. */
export type CallExchange = {
  /** The ?vs= step of the request (incoming, gather, hold, recorded). */
  step: string;
  status: number;
  latencyMs: number;
  heard: HeardVerb[];
};

/**
 * listening: a <Gather> waits for the caller; transferred: <Dial> put the caller through to a
 * person; recording: <Record> takes a message; ended: the call is over (hung up by either side).
 */
export type CallPhase = 'listening' | 'transferred' | 'recording' | 'ended';

export type VoiceCall = {
  accountSid: string;
  callSid: string;
  from: string;
  to: string;
  /** The connection's webhook URL (without a ?vs= step). */
  url: string;
  startedAt: string;
  phase: CallPhase;
  /** Where the pending <Gather> or <Record> posts, absolute. */
  action: string | null;
  /** The language of the pending <Gather>. */
  language: string | null;
  /** Every webhook and what came back, in order. */
  exchanges: CallExchange[];
  /** The dialled number after a <Dial>. */
  dialled: string | null;
  /** Status callbacks not posted yet (callbacks: 'hold'), for a test to post in its own order. */
  heldCallbacks: SimulatedDelivery[];
  /** The transitions posted so far: their index is their SequenceNumber. */
  transitions: { status: string; at: string; durationSeconds?: number }[];
  /** Why the call ended: the caller hung up, the TwiML hung up, the server failed. */
  endedBy: 'caller' | 'assistant' | 'error' | null;
};

export type VoiceCallContext = {
  /** The connection's signing secret (Twilio's auth token). */
  authToken: string;
  /** The HTTP client (tests hand requests to the route in-process); global fetch by default. */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  /** 'send' (default) posts status callbacks as they happen; 'hold' keeps them in heldCallbacks. */
  callbacks?: 'send' | 'hold';
  /** Write the call to the simulator's call log (its Calls API reads it); default true. */
  log?: boolean;
  /** The clock (tests move it); default now. */
  now?: () => Date;
};

export type PlaceCallInput = {
  url: string;
  from: string;
  to: string;
  accountSid?: string;
  callSid?: string;
};

/** Twilio follows at most this many <Redirect>s in a row; the driver stops a loop the same way. */
const MAX_REDIRECTS = 30;
const TIMEOUT_MS = 20_000;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  trimValues: true,
});

export const newCallSid = () => `CA${randomBytes(16).toString('hex')}`;

const nowOf = (ctx: VoiceCallContext) => (ctx.now ? ctx.now() : new Date());

/** Places a call to `to`: the incoming webhook, then whatever its TwiML says. */
export async function placeCall(input: PlaceCallInput, ctx: VoiceCallContext): Promise<VoiceCall> {
  const at = nowOf(ctx);
  const call: VoiceCall = {
    accountSid: input.accountSid ?? simulatorCredentials().accountSid,
    callSid: input.callSid ?? newCallSid(),
    from: input.from,
    to: input.to,
    url: stripStep(input.url),
    startedAt: at.toISOString(),
    phase: 'listening',
    action: null,
    language: null,
    exchanges: [],
    dialled: null,
    heldCallbacks: [],
    transitions: [],
    endedBy: null,
  };
  if (ctx.log !== false) await recordCallStarted({ ...call, at });
  const ringing = await transition(call, ctx, [
    { status: 'initiated', at },
    { status: 'ringing', at },
  ]);
  const next = await exchange(ringing, ctx, withStep(call.url, 'incoming'), 'ringing', {});
  return next.phase === 'ended' ? next : transition(next, ctx, [{ status: 'in-progress', at }]);
}

/** The caller says `text` to the pending <Gather> (Twilio's speech recognition result). */
export function say(
  call: VoiceCall,
  text: string,
  ctx: VoiceCallContext,
  { confidence = 0.92 }: { confidence?: number } = {},
): Promise<VoiceCall> {
  return answerGather(call, ctx, { SpeechResult: text, Confidence: confidence.toFixed(8) });
}

/** The caller keys digits to the pending <Gather>. */
export function pressDigits(
  call: VoiceCall,
  digits: string,
  ctx: VoiceCallContext,
): Promise<VoiceCall> {
  return answerGather(call, ctx, { Digits: digits });
}

/** The <Gather> timed out with nothing said (actionOnEmptyResult posts anyway). */
export function staySilent(call: VoiceCall, ctx: VoiceCallContext): Promise<VoiceCall> {
  return answerGather(call, ctx, {});
}

/**
 * The caller hangs up (or the person they were put through to does): a pending <Record> posts
 * its action with the message, then the call's final status callback. Hanging up an ended call
 * changes nothing.
 */
export async function hangUp(
  call: VoiceCall,
  ctx: VoiceCallContext,
  { messageSeconds = 8 }: { messageSeconds?: number } = {},
): Promise<VoiceCall> {
  if (call.phase === 'ended' && call.transitions.some((t) => t.status === 'completed')) return call;
  let current = call;
  if (current.phase === 'recording' && current.action) {
    const recordingSid = `RE${randomBytes(16).toString('hex')}`;
    current = await exchange(current, ctx, current.action, 'in-progress', {
      RecordingUrl: `${new URL(current.url).origin}/api/simulators/twilio/${API_VERSION}/Accounts/${current.accountSid}/Recordings/${recordingSid}`,
      RecordingDuration: String(messageSeconds),
      RecordingSid: recordingSid,
      Digits: 'hangup',
    });
  }
  return finish(current, ctx, 'completed');
}

async function answerGather(
  call: VoiceCall,
  ctx: VoiceCallContext,
  params: Record<string, string>,
): Promise<VoiceCall> {
  if (call.phase !== 'listening' || !call.action)
    throw new Error(`the call is not listening (it is ${call.phase})`);
  return exchange(call, ctx, call.action, 'in-progress', params);
}

/** The call's last status callback; the call is over. */
async function finish(call: VoiceCall, ctx: VoiceCallContext, status: string): Promise<VoiceCall> {
  const at = nowOf(ctx);
  const answered = call.transitions.find((t) => t.status === 'in-progress');
  const durationSeconds = answered
    ? Math.max(0, Math.round((at.getTime() - new Date(answered.at).getTime()) / 1000))
    : 0;
  const ended: VoiceCall = {
    ...call,
    phase: 'ended',
    action: null,
    endedBy: call.endedBy ?? 'caller',
  };
  if (ctx.log !== false)
    await recordCallEnded({ callSid: call.callSid, status, at, durationSeconds });
  return transition(ended, ctx, [{ status, at, durationSeconds }]);
}

/** Records transitions and posts (or holds) their status callbacks. */
async function transition(
  call: VoiceCall,
  ctx: VoiceCallContext,
  added: readonly CallTransition[],
): Promise<VoiceCall> {
  const transitions = [
    ...call.transitions,
    ...added.map((t) => ({ ...t, at: t.at.toISOString() })),
  ];
  const all = callStatusDeliveries(
    call,
    transitions.map((t) => ({ ...t, at: new Date(t.at) })),
    ctx.authToken,
  );
  const fresh = all.slice(call.transitions.length);
  const next = { ...call, transitions };
  if (ctx.callbacks === 'hold')
    return { ...next, heldCallbacks: [...call.heldCallbacks, ...fresh] };
  // Twilio reads nothing of a status callback's answer and retries on its own schedule.
  for (const delivery of fresh)
    await post(ctx, delivery).then(
      (response) => response.arrayBuffer(),
      () => undefined,
    );
  return next;
}

/** One voice webhook and everything its TwiML leads to (redirects followed). */
async function exchange(
  call: VoiceCall,
  ctx: VoiceCallContext,
  url: string,
  callStatus: string,
  extra: Record<string, string>,
): Promise<VoiceCall> {
  let current: VoiceCall = { ...call, action: null };
  let target = url;
  let params = extra;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const delivery = signedVoiceRequest(current, target, callStatus, params, ctx.authToken);
    const started = performance.now();
    let response: Response;
    try {
      response = await post(ctx, delivery);
    } catch {
      return { ...current, phase: 'ended', endedBy: 'error' };
    }
    const body = await response.text();
    const latencyMs = Math.round(performance.now() - started);
    const step = new URL(target).searchParams.get('vs') ?? '';
    const contentType = response.headers.get('content-type') ?? '';
    if (!response.ok && !contentType.includes('xml')) {
      // Twilio says "an application error has occurred" and hangs up.
      current.exchanges = [
        ...current.exchanges,
        { step, status: response.status, latencyMs, heard: [] },
      ];
      return finish({ ...current, endedBy: 'error' }, ctx, 'failed');
    }
    const plan = readTwiml(body, target);
    current = {
      ...current,
      exchanges: [
        ...current.exchanges,
        { step, status: response.status, latencyMs, heard: plan.heard },
      ],
    };
    switch (plan.next.kind) {
      case 'gather':
        return {
          ...current,
          phase: 'listening',
          action: plan.next.action,
          language: plan.next.language,
        };
      case 'redirect':
        target = plan.next.url;
        params = {};
        continue;
      case 'dial':
        return { ...current, phase: 'transferred', dialled: plan.next.number };
      case 'record':
        return { ...current, phase: 'recording', action: plan.next.action };
      case 'hangup':
        return finish({ ...current, endedBy: 'assistant' }, ctx, 'completed');
    }
  }
  return finish({ ...current, endedBy: 'error' }, ctx, 'failed');
}

type Next =
  | { kind: 'gather'; action: string; language: string | null }
  | { kind: 'redirect'; url: string }
  | { kind: 'dial'; number: string }
  | { kind: 'record'; action: string }
  | { kind: 'hangup' };

type Node = Record<string, unknown> & { ':@'?: Record<string, string> };

const tagOf = (node: Node) => Object.keys(node).find((k) => k !== ':@') ?? '';
const childrenOf = (node: Node) => (node[tagOf(node)] as Node[] | undefined) ?? [];
const textOf = (node: Node) =>
  childrenOf(node)
    .map((child) => (typeof child['#text'] === 'string' ? child['#text'] : ''))
    .join('')
    .trim();
const attr = (node: Node, name: string) => node[':@']?.[name] ?? null;

/** What the caller hears and where the call goes next, as Twilio executes the verbs in order. */
export function readTwiml(xml: string, requestUrl: string): { heard: HeardVerb[]; next: Next } {
  const heard: HeardVerb[] = [];
  const resolve = (relative: string | null) => new URL(relative ?? '', requestUrl).toString();
  const document = parser.parse(xml) as Node[];
  const root = document.find((n) => tagOf(n) === 'Response');
  if (!root) return { heard, next: { kind: 'hangup' } };
  const hear = (node: Node) => {
    const tag = tagOf(node);
    if (tag === 'Say')
      heard.push({ verb: 'say', text: textOf(node), language: attr(node, 'language') });
    else if (tag === 'Play') heard.push({ verb: 'play', url: textOf(node) });
    else if (tag === 'Pause')
      heard.push({ verb: 'pause', seconds: Number(attr(node, 'length') ?? '1') });
  };
  for (const node of childrenOf(root)) {
    switch (tagOf(node)) {
      case 'Gather':
        childrenOf(node).forEach(hear);
        return {
          heard,
          next: {
            kind: 'gather',
            // Without an action Twilio posts to the URL it just requested.
            action: resolve(attr(node, 'action')),
            language: attr(node, 'language'),
          },
        };
      case 'Redirect':
        return { heard, next: { kind: 'redirect', url: resolve(textOf(node)) } };
      case 'Dial': {
        const number = textOf(node) || textOf(childrenOf(node)[0] ?? {});
        heard.push({ verb: 'dial', number });
        return { heard, next: { kind: 'dial', number } };
      }
      case 'Record':
        heard.push({ verb: 'record' });
        return { heard, next: { kind: 'record', action: resolve(attr(node, 'action')) } };
      case 'Hangup':
      case 'Reject':
        heard.push({ verb: 'hangup' });
        return { heard, next: { kind: 'hangup' } };
      default:
        hear(node);
    }
  }
  // Past the last verb Twilio ends the call.
  heard.push({ verb: 'hangup' });
  return { heard, next: { kind: 'hangup' } };
}

/** A voice request as Twilio signs it: the URL it calls and every form parameter. */
export function signedVoiceRequest(
  call: Pick<VoiceCall, 'accountSid' | 'callSid' | 'from' | 'to'>,
  url: string,
  callStatus: string,
  extra: Record<string, string>,
  authToken: string,
): SimulatedDelivery {
  const params: Record<string, string> = {
    AccountSid: call.accountSid,
    ApiVersion: API_VERSION,
    CallSid: call.callSid,
    CallStatus: callStatus,
    Called: call.to,
    Caller: call.from,
    Direction: 'inbound',
    From: call.from,
    To: call.to,
    ...extra,
  };
  return {
    method: 'POST',
    url,
    body: new URLSearchParams(params).toString(),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(authToken, url, params),
      'user-agent': 'TwilioProxy/1.1',
      'i-twilio-idempotency-token': `${call.callSid}-${randomBytes(6).toString('hex')}`,
    },
  };
}

/** What everything the assistant said on this call, in order (a test's or the console's view). */
export const spoken = (call: VoiceCall): string[] =>
  call.exchanges.flatMap((e) => e.heard.flatMap((h) => (h.verb === 'say' ? [h.text] : [])));

/** The TwiML the last exchange said (what the caller heard after their last input). */
export const lastHeard = (call: VoiceCall): HeardVerb[] => call.exchanges.at(-1)?.heard ?? [];

function withStep(url: string, step: string): string {
  const u = new URL(url);
  u.searchParams.set('vs', step);
  return u.toString();
}

function stripStep(url: string): string {
  const u = new URL(url);
  for (const name of ['vs', 'vt', 'va']) u.searchParams.delete(name);
  return u.toString();
}

function post(ctx: VoiceCallContext, delivery: SimulatedDelivery): Promise<Response> {
  const send = ctx.fetch ?? ((url: string, init: RequestInit) => fetch(url, init));
  return send(delivery.url, {
    method: delivery.method,
    headers: delivery.headers,
    body: delivery.body,
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
}
