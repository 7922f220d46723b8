import type { WebhookHandler } from './types';
import { recordAudit } from '../../audit/record';
import { applyCheckoutPayment } from '../../wallet/checkout-payment';

/** The Checkout events that can mean "paid" (delayed payment methods complete with the second). */
const PAYMENT_EVENTS = new Set([
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
]);

/**
 * Stripe events: a paid Checkout session tops the wallet up (once per session, see
 * wallet/checkout-payment.ts); every other type is ignored and never fails. Either way the event
 * gets the usual `webhook.applied` line, saying what it did (effect) and why not, if it did not.
 */
export const stripeHandler: WebhookHandler = async (tx, event) => {
  const result =
    event.eventType && PAYMENT_EVENTS.has(event.eventType)
      ? await applyCheckoutPayment(tx, event)
      : { outcome: 'ignored' as const, reason: 'no effect for this Stripe event type' };
  await recordAudit(tx, {
    tenantId: event.tenantId,
    action: 'webhook.applied',
    subject: `webhook_event:${event.id}`,
    detail: {
      provider: event.provider,
      eventId: event.eventId,
      eventType: event.eventType,
      effect: result.outcome,
      reason: result.reason ?? null,
    },
  });
};
