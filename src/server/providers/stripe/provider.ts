import { randomBytes } from 'node:crypto';
import type { WebhookProvider } from '../types';
import { readStripeEvent, type StripeEvent } from './events';
import { parseJson } from '../hmac';
import { stripeEventSchema } from './schemas';
import { verifyStripe } from './verify';

export const stripeProvider: WebhookProvider<StripeEvent> = {
  name: 'stripe',
  // Stripe's own format: whsec_ + random; the SDK uses the whole string as the HMAC key.
  generateSecret: () => `whsec_${randomBytes(24).toString('base64url')}`,
  verify: verifyStripe,
  archivedHeaders: ['content-type', 'user-agent'],
  readEvent: readStripeEvent,
  parse(delivery) {
    const json = parseJson(delivery.text);
    if (!json.ok) return json;
    const event = stripeEventSchema.safeParse(json.value);
    if (!event.success)
      return {
        ok: false,
        detail: `not a Stripe event: ${event.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      };
    return {
      ok: true,
      event: {
        eventId: event.data.id,
        eventType: event.data.type,
        payload: event.data,
        typed: readStripeEvent(event.data),
      },
    };
  },
};
