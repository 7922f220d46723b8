import { describe, expect, it } from 'vitest';
import twilio from 'twilio';
import { inbound } from '../test-delivery';
import { twilioProvider } from '../../providers/twilio/provider';
import { twilioSimulator } from './deliveries';
import { publicUrl } from '../../providers/twilio/verify';

const url = 'https://hooks.example/api/webhooks/twilio/whc_x';
const secret = twilioProvider.generateSecret();
const now = new Date();

describe('twilio verify', () => {
  it('rebuilds the public URL from X-Forwarded-Proto / X-Forwarded-Host', () => {
    const headers = new Headers({
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'hooks.example',
    });
    expect(publicUrl('http://10.0.0.5:3000/api/webhooks/twilio/whc_x?a=1', headers)).toBe(
      'https://hooks.example/api/webhooks/twilio/whc_x?a=1',
    );
    expect(
      publicUrl('http://10.0.0.5:3000/x', new Headers({ 'x-forwarded-host': 'evil host/' })),
    ).toBe('http://10.0.0.5:3000/x');
  });

  it('accepts an SDK-signed form body, with the current or previous auth token', () => {
    const d = twilioSimulator.sign({ url, body: twilioSimulator.sampleBody('1'), secret });
    expect(d.headers['x-twilio-signature']).toBe(
      twilio.getExpectedTwilioSignature(
        secret,
        url,
        Object.fromEntries(new URLSearchParams(d.body)),
      ),
    );
    expect(
      twilioProvider.verify(inbound(d), {
        secrets: [twilioProvider.generateSecret(), secret],
        now,
      }),
    ).toEqual({ ok: true, secretIndex: 1 });
  });

  it('refuses a JSON body that is not signed through bodySHA256', () => {
    const d = twilioSimulator.sign({
      url,
      body: '{"a":1}',
      secret,
      contentType: 'application/json',
    });
    expect(twilioProvider.verify(inbound(d), { secrets: [secret], now })).toMatchObject({
      ok: true,
    });
    expect(twilioProvider.verify(inbound(d, { url }), { secrets: [secret], now })).toMatchObject({
      reason: 'invalid_signature',
    });
  });

  it('keys events by sid and status (and sequence number when present)', () => {
    const d = twilioSimulator.sign({ url, body: twilioSimulator.sampleBody('1'), secret });
    expect(twilioProvider.parse(inbound(d))).toMatchObject({
      ok: true,
      event: { eventId: twilioSimulator.expectedEventId('1'), eventType: 'message.delivered' },
    });
    const call = new URLSearchParams({
      AccountSid: `AC${'a'.repeat(32)}`,
      CallSid: `CA${'b'.repeat(32)}`,
      CallStatus: 'in-progress',
      SequenceNumber: '3',
    }).toString();
    expect(
      twilioProvider.parse(inbound(twilioSimulator.sign({ url, body: call, secret }))),
    ).toMatchObject({
      ok: true,
      event: { eventId: `CA${'b'.repeat(32)}:in-progress:3`, eventType: 'voice.in-progress' },
    });
  });
});
