import { describe, expect, it } from 'vitest';
import { inbound } from '../test-delivery';
import { stripeProvider } from '../../providers/stripe/provider';
import { stripeSimulator } from './deliveries';

const url = 'https://hooks.example/api/webhooks/stripe/whc_x';
const secret = stripeProvider.generateSecret();
const now = new Date();
const body = stripeSimulator.sampleBody('abc123');

describe('stripe verify', () => {
  it('accepts the SDK-signed header with the current or the previous secret', () => {
    const d = inbound(stripeSimulator.sign({ url, body, secret }));
    expect(stripeProvider.verify(d, { secrets: [secret], now })).toEqual({
      ok: true,
      secretIndex: 0,
    });
    expect(
      stripeProvider.verify(d, { secrets: [stripeProvider.generateSecret(), secret], now }),
    ).toEqual({ ok: true, secretIndex: 1 });
  });

  it('rejects old (>300 s) and future (>300 s) timestamps but not 299 s', () => {
    const at = (s: number) =>
      inbound(stripeSimulator.sign({ url, body, secret, at: new Date(now.getTime() + s * 1000) }));
    expect(stripeProvider.verify(at(-301), { secrets: [secret], now })).toMatchObject({
      ok: false,
      reason: 'timestamp_out_of_window',
    });
    expect(stripeProvider.verify(at(301), { secrets: [secret], now })).toMatchObject({
      ok: false,
      reason: 'timestamp_out_of_window',
    });
    expect(stripeProvider.verify(at(-299), { secrets: [secret], now })).toMatchObject({ ok: true });
    expect(stripeProvider.verify(at(299), { secrets: [secret], now })).toMatchObject({ ok: true });
  });

  it('a forged header with a future timestamp fails on its signature, not the window', () => {
    const d = inbound(
      stripeSimulator.sign({
        url,
        body,
        secret: stripeProvider.generateSecret(),
        at: new Date(now.getTime() + 3_600_000),
      }),
    );
    expect(stripeProvider.verify(d, { secrets: [secret], now })).toMatchObject({
      ok: false,
      reason: 'invalid_signature',
    });
  });

  it('parses evt_ ids and refuses non-events', () => {
    expect(
      stripeProvider.parse(inbound(stripeSimulator.sign({ url, body, secret }))),
    ).toMatchObject({
      ok: true,
      event: { eventId: 'evt_abc123', eventType: 'checkout.session.completed' },
    });
    expect(
      stripeProvider.parse(inbound(stripeSimulator.sign({ url, body: '{"id":"x"}', secret }))),
    ).toMatchObject({ ok: false });
  });
});
