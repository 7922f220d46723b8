import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inbound } from '../test-delivery';
import { shopifyProvider } from '../../providers/shopify/provider';
import { shopifySimulator } from './deliveries';

const url = 'https://hooks.example/api/webhooks/shopify/whc_x';
const secret = shopifyProvider.generateSecret();
const now = new Date();

describe('shopify verify', () => {
  it('accepts the base64 HMAC of the raw body and rejects a non-base64 or wrong one', () => {
    const d = shopifySimulator.sign({
      url,
      body: shopifySimulator.sampleBody('1'),
      secret,
      deliveryId: 'ev-1',
    });
    expect(shopifyProvider.verify(inbound(d), { secrets: [secret], now })).toEqual({
      ok: true,
      secretIndex: 0,
    });
    expect(
      shopifyProvider.verify(inbound(d, { headers: { 'x-shopify-hmac-sha256': 'not base64!' } }), {
        secrets: [secret],
        now,
      }),
    ).toMatchObject({ reason: 'invalid_signature' });
    expect(
      shopifyProvider.verify(inbound(d, { body: `${d.body} ` }), { secrets: [secret], now }),
    ).toMatchObject({ reason: 'invalid_signature' });
  });

  it('dedupes on X-Shopify-Event-Id and on the signed body, and keeps X-Shopify-Webhook-Id', () => {
    const d = shopifySimulator.sign({
      url,
      body: shopifySimulator.sampleBody('1'),
      secret,
      deliveryId: 'ev-42',
    });
    const parsed = shopifyProvider.parse(inbound(d));
    expect(parsed).toMatchObject({
      ok: true,
      event: {
        eventId: 'ev-42',
        eventType: 'orders/create',
        meta: { webhookId: d.headers['x-shopify-webhook-id'] },
        // what the signature covers (the body), so a replay under a new event id repeats it
        signedKey: `sha256:${createHash('sha256').update(d.body).digest('hex')}`,
      },
    });
    const headers = { ...d.headers };
    delete headers['x-shopify-event-id'];
    expect(shopifyProvider.parse(inbound({ ...d, headers }))).toMatchObject({
      ok: false,
      detail: 'X-Shopify-Event-Id header is missing',
    });
  });
});
