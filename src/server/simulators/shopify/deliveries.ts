// Signed Shopify deliveries: base64 HMAC-SHA256 of the raw body, ids in headers.
import { randomUUID } from 'node:crypto';
import type { ProviderSimulator } from '../types';
import { hmacSha256 } from '../../providers/hmac';

export const shopifySimulator: ProviderSimulator = {
  provider: 'shopify',
  signatureHeader: 'x-shopify-hmac-sha256',
  isTimestamped: false,
  expectedEventId: (id) => id,
  sampleBody: (id) =>
    JSON.stringify({
      id: 820982911946154500,
      admin_graphql_api_id: `gid://shopify/Order/${id}`,
      email: 'jon@example.com',
      total_price: '49.00',
      currency: 'EUR',
      line_items: [{ sku: 'CREDITS-500', quantity: 1 }],
    }),
  sign({
    url,
    body,
    secret,
    at = new Date(),
    deliveryId = randomUUID(),
    contentType = 'application/json',
  }) {
    return {
      method: 'POST',
      url,
      body,
      headers: {
        'content-type': contentType,
        'x-shopify-hmac-sha256': hmacSha256(secret, body).toString('base64'),
        'x-shopify-topic': 'orders/create',
        'x-shopify-shop-domain': 'demo-shop.myshopify.com',
        'x-shopify-api-version': '2025-10',
        'x-shopify-event-id': deliveryId,
        // One webhook id per delivery attempt; the event id stays the same across retries.
        'x-shopify-webhook-id': randomUUID(),
        'x-shopify-triggered-at': at.toISOString(),
      },
    };
  },
};
