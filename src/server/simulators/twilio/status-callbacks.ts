// The simulator's delivery reports (run by the simulator.twilio-status job): after accepting a
// message Twilio reports `sent`, then the final status, to its StatusCallback, form-encoded and
// signed with the receiver's auth token.
import twilio from 'twilio';
import type { SimulatedDelivery } from '../types';
import { postDelivery } from '../post';
import { API_VERSION } from './account';
import type { SimulatedMessageRow } from './message-log';

/** The transitions Twilio reports after accepting: sent, then the final status. */
export const callbackSequence = (row: SimulatedMessageRow) => ['sent', row.finalStatus];

/** A status callback as Twilio posts it: form-encoded, signed with the receiver's auth token. */
export function statusCallbackDelivery(
  row: SimulatedMessageRow,
  status: string,
  authToken: string,
): SimulatedDelivery {
  if (!row.statusCallback) throw new Error(`message ${row.sid} has no status callback`);
  const params: Record<string, string> = {
    ApiVersion: API_VERSION,
    AccountSid: row.accountSid,
    SmsSid: row.sid,
    SmsStatus: status,
    MessageSid: row.sid,
    MessageStatus: status,
    To: row.to,
  };
  if (row.from) params.From = row.from;
  if (row.messagingServiceSid) params.MessagingServiceSid = row.messagingServiceSid;
  if ((status === 'undelivered' || status === 'failed') && row.errorCode !== null)
    params.ErrorCode = String(row.errorCode);
  const signature = twilio.getExpectedTwilioSignature(authToken, row.statusCallback, params);
  return {
    method: 'POST',
    url: row.statusCallback,
    body: new URLSearchParams(params).toString(),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': signature,
      'user-agent': 'TwilioProxy/1.1',
      'i-twilio-idempotency-token': `${row.sid}-${status}`,
    },
  };
}

/** Posts one status callback; the receiver's HTTP status. */
export const postStatusCallback = (delivery: SimulatedDelivery, signal?: AbortSignal) =>
  postDelivery(delivery, signal);
