import type { StripeEvent } from '../../../providers/stripe/events';
import type { WebhookHandler } from './types';
import { recordAudit } from '../../audit/record';
import { applyCheckoutPayment } from '../../wallet/checkout-payment';

/**
 * Stripe events: a paid Checkout session tops the wallet up (once per session, see
 * wallet/checkout-payment.ts); every other type is ignored and never fails. Either way the event
 * gets the usual `webhook.applied` line, saying what it did (effect) and why not, if it did not.
 */
export const stripeHandler: WebhookHandler<StripeEvent> = async (tx, stored) => {
  const { event } = stored;
  const result =
    event.kind === 'other'
      ? { outcome: 'ignored' as const, reason: 'no effect for this Stripe event type' }
      : await applyCheckoutPayment(tx, {
          tenantId: stored.tenantId,
          eventId: stored.eventId,
          eventType: stored.eventType,
          session: event.session,
        });
  await recordAudit(tx, {
    tenantId: stored.tenantId,
    action: 'webhook.applied',
    subject: `webhook_event:${stored.id}`,
    detail: {
      provider: stored.provider,
      eventId: stored.eventId,
      eventType: stored.eventType,
      effect: result.outcome,
      reason: result.reason ?? null,
    },
  });
};
