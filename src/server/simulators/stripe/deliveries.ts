// Signed Stripe deliveries, signed by the SDK's own test helper.
import Stripe from 'stripe';
import type { ProviderSimulator } from '../types';

export const stripeSimulator: ProviderSimulator = {
  provider: 'stripe',
  signatureHeader: 'stripe-signature',
  isTimestamped: true,
  expectedEventId: (id) => `evt_${id}`,
  sampleBody: (id) =>
    JSON.stringify({
      id: `evt_${id}`,
      object: 'event',
      api_version: '2025-10-29.clover',
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      type: 'checkout.session.completed',
      data: {
        object: {
          id: `cs_test_${id}`,
          object: 'checkout.session',
          amount_total: 5000,
          currency: 'eur',
          metadata: { credits: '500' },
        },
      },
    }),
  sign({ url, body, secret, at = new Date(), contentType = 'application/json; charset=utf-8' }) {
    const header = Stripe.webhooks.generateTestHeaderString({
      payload: body,
      secret,
      timestamp: Math.floor(at.getTime() / 1000),
    });
    return {
      method: 'POST',
      url,
      body,
      headers: {
        'content-type': contentType,
        'stripe-signature': header,
        'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
      },
    };
  },
};
