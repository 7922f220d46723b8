import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inbound } from '../test-delivery';
import { chatwootProvider } from '../../providers/chatwoot/provider';
import { chatwootSimulator } from './deliveries';

const url = 'https://hooks.example/api/webhooks/chatwoot/whc_x';
const secret = chatwootProvider.generateSecret();
const now = new Date();

describe('chatwoot verify', () => {
  it('signs "<timestamp>.<body>": changing the timestamp breaks the signature', () => {
    const d = chatwootSimulator.sign({
      url,
      body: chatwootSimulator.sampleBody('1'),
      secret,
      deliveryId: 'd-1',
    });
    expect(chatwootProvider.verify(inbound(d), { secrets: [secret], now })).toEqual({
      ok: true,
      secretIndex: 0,
    });
    const shifted = String(Number(d.headers['x-chatwoot-timestamp']) + 1);
    expect(
      chatwootProvider.verify(inbound(d, { headers: { 'x-chatwoot-timestamp': shifted } }), {
        secrets: [secret],
        now,
      }),
    ).toMatchObject({ reason: 'invalid_signature' });
  });

  it('5-minute window both ways, and a missing timestamp is a missing signature', () => {
    const at = (s: number) =>
      inbound(
        chatwootSimulator.sign({
          url,
          body: '{"event":"x"}',
          secret,
          at: new Date(now.getTime() + s * 1000),
        }),
      );
    expect(chatwootProvider.verify(at(-301), { secrets: [secret], now })).toMatchObject({
      reason: 'timestamp_out_of_window',
    });
    expect(chatwootProvider.verify(at(301), { secrets: [secret], now })).toMatchObject({
      reason: 'timestamp_out_of_window',
    });
    expect(chatwootProvider.verify(at(-290), { secrets: [secret], now })).toMatchObject({
      ok: true,
    });
    const d = chatwootSimulator.sign({ url, body: '{}', secret });
    const headers = { ...d.headers };
    delete headers['x-chatwoot-timestamp'];
    expect(
      chatwootProvider.verify(inbound({ ...d, headers }), { secrets: [secret], now }),
    ).toMatchObject({ reason: 'missing_signature' });
  });

  it('dedupes on X-Chatwoot-Delivery and on the signed timestamp and body', () => {
    const d = chatwootSimulator.sign({
      url,
      body: chatwootSimulator.sampleBody('1'),
      secret,
      deliveryId: 'delivery-7',
    });
    const signed = `${d.headers['x-chatwoot-timestamp']}.${d.body}`;
    expect(chatwootProvider.parse(inbound(d))).toMatchObject({
      ok: true,
      event: {
        eventId: 'delivery-7',
        eventType: 'message_created',
        // what the signature covers, so a replay under a new delivery id repeats it
        signedKey: `sha256:${createHash('sha256').update(signed).digest('hex')}`,
      },
    });
  });
});
