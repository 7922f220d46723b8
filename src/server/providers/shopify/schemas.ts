// Shopify sends the resource itself as the body (an order, a customer…); what identifies the
// delivery is in headers. The body must be a JSON object; its fields pass through to handlers.
import { z } from 'zod';

export const shopifyBodySchema = z.looseObject({});

export const shopifyHeadersSchema = z.object({
  eventId: z.string().min(1, 'X-Shopify-Event-Id header is missing').max(255),
  topic: z.string().min(1, 'X-Shopify-Topic header is missing').max(100),
  webhookId: z.string().max(255).optional(),
  shopDomain: z.string().max(255).optional(),
  triggeredAt: z.string().max(64).optional(),
});

export function readShopifyHeaders(headers: Headers) {
  return shopifyHeadersSchema.safeParse({
    eventId: headers.get('x-shopify-event-id') ?? '',
    topic: headers.get('x-shopify-topic') ?? '',
    webhookId: headers.get('x-shopify-webhook-id') ?? undefined,
    shopDomain: headers.get('x-shopify-shop-domain') ?? undefined,
    triggeredAt: headers.get('x-shopify-triggered-at') ?? undefined,
  });
}
