// Signed Twilio callbacks, signed by the SDK's getExpectedTwilioSignature: form bodies sign
// URL + sorted params; JSON bodies sign the URL carrying ?bodySHA256=<hex sha256 of the body>.
import { createHash } from 'node:crypto';
import twilio from 'twilio';
import type { ProviderSimulator } from '../types';
import { formParams } from '../../providers/twilio/schemas';

const hex32 = (seed: string) => createHash('sha256').update(seed).digest('hex').slice(0, 32);

export const twilioSimulator: ProviderSimulator = {
  provider: 'twilio',
  signatureHeader: 'x-twilio-signature',
  isTimestamped: false,
  expectedEventId: (id) => `SM${hex32(id)}:delivered`,
  sampleBody: (id) =>
    new URLSearchParams({
      AccountSid: `AC${hex32('demo-account')}`,
      MessageSid: `SM${hex32(id)}`,
      SmsSid: `SM${hex32(id)}`,
      MessageStatus: 'delivered',
      SmsStatus: 'delivered',
      To: '+4915112345678',
      From: '+4930123456',
      ApiVersion: '2010-04-01',
    }).toString(),
  sign({ url, body, secret, contentType = 'application/x-www-form-urlencoded' }) {
    const isForm = contentType.startsWith('application/x-www-form-urlencoded');
    let signedUrl = url;
    if (!isForm) {
      const u = new URL(url);
      u.searchParams.set('bodySHA256', createHash('sha256').update(body).digest('hex'));
      signedUrl = u.toString();
    }
    const signature = twilio.getExpectedTwilioSignature(
      secret,
      signedUrl,
      isForm ? formParams(body) : {},
    );
    return {
      method: 'POST',
      url: signedUrl,
      body,
      headers: {
        'content-type': contentType,
        'x-twilio-signature': signature,
        'user-agent': 'TwilioProxy/1.1',
      },
    };
  },
};

/** An inbound-call voice webhook body (the caller waits for the TwiML answer). */
export function twilioIncomingCallBody(id: string): string {
  return new URLSearchParams({
    AccountSid: `AC${hex32('demo-account')}`,
    CallSid: `CA${hex32(id)}`,
    CallStatus: 'ringing',
    Direction: 'inbound',
    From: '+4915112345678',
    To: '+4930123456',
    ApiVersion: '2010-04-01',
  }).toString();
}

/**
 * An inbound SMS webhook body (a handset texting one of our numbers), as Twilio posts it:
 * SmsStatus=received, so its event id is `<MessageSid>:received` like any other transition.
 */
export function twilioInboundSmsBody(
  id: string,
  message: { from: string; body: string; to?: string },
): string {
  const sid = `SM${hex32(id)}`;
  return new URLSearchParams({
    ToCountry: 'DE',
    SmsMessageSid: sid,
    NumMedia: '0',
    SmsSid: sid,
    SmsStatus: 'received',
    Body: message.body,
    To: message.to ?? '+4930123456',
    NumSegments: '1',
    MessageSid: sid,
    AccountSid: `AC${hex32('demo-account')}`,
    From: message.from,
    ApiVersion: '2010-04-01',
  }).toString();
}

/** The event id the pipeline derives from twilioInboundSmsBody(id, …). */
export const twilioInboundSmsEventId = (id: string) => `SM${hex32(id)}:received`;
