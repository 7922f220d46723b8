import { randomBytes } from 'node:crypto';
import type { WebhookProvider } from '../types';
import { readShopifyEvent, type ShopifyEvent } from './events';
import { parseJson } from '../hmac';
import { signedKeyOf } from '../signed-key';
import { readShopifyHeaders, shopifyBodySchema } from './schemas';
import { verifyShopify } from './verify';

export const shopifyProvider: WebhookProvider<ShopifyEvent> = {
  name: 'shopify',
  generateSecret: () => randomBytes(32).toString('hex'),
  verify: verifyShopify,
  archivedHeaders: [
    'content-type',
    'user-agent',
    'x-shopify-topic',
    'x-shopify-shop-domain',
    'x-shopify-webhook-id',
    'x-shopify-event-id',
    'x-shopify-triggered-at',
    'x-shopify-api-version',
  ],
  readEvent: readShopifyEvent,
  parse(delivery) {
    const headers = readShopifyHeaders(delivery.headers);
    if (!headers.success)
      return { ok: false, detail: headers.error.issues.map((i) => i.message).join('; ') };
    const json = parseJson(delivery.text);
    if (!json.ok) return json;
    const body = shopifyBodySchema.safeParse(json.value);
    if (!body.success) return { ok: false, detail: 'Shopify body must be a JSON object' };
    const { eventId, topic, webhookId, shopDomain } = headers.data;
    // Dedupe on the event id (the same event redelivered; the webhook id names one delivery
    // attempt) and on the body, the only thing Shopify signs: its retries resend the original
    // body, and a replay under a new event id repeats it. So two topics sent with byte-identical
    // bodies (product create + update from one save) are one delivery here; the body is the
    // resource's state, which is applied once either way, and the topic is unsigned.
    const meta: Record<string, string> = {};
    if (webhookId) meta.webhookId = webhookId;
    if (shopDomain) meta.shopDomain = shopDomain;
    return {
      ok: true,
      event: {
        eventId,
        eventType: topic,
        payload: body.data,
        typed: { kind: 'other' },
        meta,
        signedKey: signedKeyOf(delivery.body),
      },
    };
  },
};
