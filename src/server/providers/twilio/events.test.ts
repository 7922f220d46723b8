import { describe, expect, it } from 'vitest';
import { readTwilioEvent } from './events';

const AC = `AC${'a'.repeat(32)}`;
const SM = `SM${'b'.repeat(32)}`;
const CA = `CA${'c'.repeat(32)}`;

describe('readTwilioEvent', () => {
  it('reads an inbound SMS, a status callback and a call in our names', () => {
    expect(
      readTwilioEvent({
        AccountSid: AC,
        MessageSid: SM,
        SmsStatus: 'received',
        From: '+4915112345678',
        To: '+4930123456',
        Body: 'STOP',
      }),
    ).toEqual({
      kind: 'sms.inbound',
      messageSid: SM,
      from: '+4915112345678',
      to: '+4930123456',
      body: 'STOP',
    });
    expect(
      readTwilioEvent({
        AccountSid: AC,
        SmsSid: SM,
        MessageStatus: 'undelivered',
        ErrorCode: '30003',
      }),
    ).toEqual({ kind: 'sms.status', messageSid: SM, status: 'undelivered', errorCode: 30003 });
    expect(readTwilioEvent({ AccountSid: AC, CallSid: CA, CallStatus: 'ringing' })).toEqual({
      kind: 'voice',
      callSid: CA,
      status: 'ringing',
      sequence: null,
      occurredAt: null,
      durationSeconds: null,
      from: null,
      to: null,
      direction: null,
    });
  });

  it('is "other" for what no handler can act on, and never throws', () => {
    // An inbound message without a sender, a message callback without a status, junk.
    expect(readTwilioEvent({ AccountSid: AC, MessageSid: SM, SmsStatus: 'received' })).toEqual({
      kind: 'other',
    });
    expect(readTwilioEvent({ AccountSid: AC, MessageSid: SM })).toEqual({ kind: 'other' });
    expect(readTwilioEvent(null)).toEqual({ kind: 'other' });
    expect(
      readTwilioEvent({ AccountSid: AC, MessageSid: SM, MessageStatus: 'failed', ErrorCode: 'x' }),
    ).toMatchObject({ kind: 'sms.status', errorCode: null });
  });
});
