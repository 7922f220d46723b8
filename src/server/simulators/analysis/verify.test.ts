import { describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { inbound } from '../test-delivery';
import { analysisProvider } from '../../providers/analysis/provider';
import { analysisSimulator, signAnalysis } from './deliveries';

const url = 'https://hooks.example/api/webhooks/analysis/whc_x';
const secret = analysisProvider.generateSecret();
const now = new Date();

describe('analysis verify (Standard Webhooks)', () => {
  it('accepts a signature made by the standardwebhooks library', () => {
    const body = analysisSimulator.sampleBody('1');
    const sig = new Webhook(secret).sign('msg_1', now, body);
    const d = {
      method: 'POST' as const,
      url,
      body,
      headers: {
        'webhook-id': 'msg_1',
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': sig,
      },
    };
    expect(analysisProvider.verify(inbound(d), { secrets: [secret], now })).toEqual({
      ok: true,
      secretIndex: 0,
    });
  });

  it('accepts several signatures (rotation on the sender side) and our previous secret (rotation on ours)', () => {
    const old = analysisProvider.generateSecret();
    const d = signAnalysis({ url, body: '{}', secret, deliveryId: '2' }, [old, secret]);
    expect(analysisProvider.verify(inbound(d), { secrets: [secret], now })).toMatchObject({
      ok: true,
    });
    const signedWithOld = signAnalysis({ url, body: '{}', secret: old, deliveryId: '3' }, [old]);
    expect(
      analysisProvider.verify(inbound(signedWithOld), { secrets: [secret, old], now }),
    ).toEqual({ ok: true, secretIndex: 1 });
    expect(
      analysisProvider.verify(inbound(signedWithOld), { secrets: [secret], now }),
    ).toMatchObject({ reason: 'invalid_signature' });
  });

  it('rejects outside the 5-minute window and parses the contract', () => {
    const d = analysisSimulator.sign({
      url,
      body: analysisSimulator.sampleBody('4'),
      secret,
      deliveryId: '4',
      at: new Date(now.getTime() - 301_000),
    });
    expect(analysisProvider.verify(inbound(d), { secrets: [secret], now })).toMatchObject({
      reason: 'timestamp_out_of_window',
    });
    expect(analysisProvider.parse(inbound(d))).toMatchObject({
      ok: true,
      event: { eventId: 'msg_4', eventType: 'analysis.completed' },
    });
    expect(
      analysisProvider.parse(inbound(d, { body: '{"type":"analysis.unknown"}' })),
    ).toMatchObject({ ok: false });
  });
});
