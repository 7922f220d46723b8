import type { StripeEvent } from '../../../providers/stripe/events';
import type { WebhookHandler } from './types';
import { applyCheckoutPayment } from '../../wallet/checkout-payment';

/**
 * Stripe events: a paid Checkout session tops the wallet up (once per session, see
 * wallet/checkout-payment.ts, which records the credit or why it refused it); every other type is
 * ignored and never fails. The event row's PROCESSED mark says it was applied.
 */
export const stripeHandler: WebhookHandler<StripeEvent> = async (tx, stored) => {
  const { event } = stored;
  if (event.kind === 'other') return;
  await applyCheckoutPayment(tx, {
    tenantId: stored.tenantId,
    eventId: stored.eventId,
    eventType: stored.eventType,
    session: event.session,
  });
};
