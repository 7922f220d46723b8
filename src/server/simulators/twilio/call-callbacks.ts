// A simulated call's status callbacks as Twilio posts them: one request per transition, each
// with its SequenceNumber (from 0) and an RFC 2822 Timestamp, form-encoded and signed with the
// receiver's auth token. Tests and the console's call simulator post them in any order.
import twilio from 'twilio';
import type { SimulatedDelivery } from '../types';
import { API_VERSION } from './account';

export type SimulatedCall = {
  accountSid: string;
  callSid: string;
  from: string;
  to: string;
  /** The connection URL; status callbacks go to it with ?vs=status. */
  url: string;
};

export type CallTransition = { status: string; at: Date; durationSeconds?: number };

export function callStatusDeliveries(
  call: SimulatedCall,
  transitions: readonly CallTransition[],
  authToken: string,
): SimulatedDelivery[] {
  const url = new URL(call.url);
  url.searchParams.set('vs', 'status');
  return transitions.map((t, sequence) => {
    const params: Record<string, string> = {
      ApiVersion: API_VERSION,
      AccountSid: call.accountSid,
      CallSid: call.callSid,
      CallStatus: t.status,
      CallbackSource: 'call-progress-events',
      Direction: 'inbound',
      From: call.from,
      To: call.to,
      SequenceNumber: String(sequence),
      Timestamp: t.at.toUTCString(),
    };
    if (t.durationSeconds !== undefined) {
      params.CallDuration = String(t.durationSeconds);
      params.Duration = String(Math.ceil(t.durationSeconds / 60));
    }
    const signed = url.toString();
    return {
      method: 'POST',
      url: signed,
      body: new URLSearchParams(params).toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.getExpectedTwilioSignature(authToken, signed, params),
        'user-agent': 'TwilioProxy/1.1',
        'i-twilio-idempotency-token': `${call.callSid}-${sequence}`,
      },
    };
  });
}
