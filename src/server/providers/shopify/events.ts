// A Shopify delivery as one typed event. Shopify's body is the resource itself and its topic is
// in a header (stored as the event type); no domain reads Shopify yet, so nothing more is typed.
export type ShopifyEvent = { kind: 'other' };

export function readShopifyEvent(_payload: unknown): ShopifyEvent {
  return { kind: 'other' };
}
