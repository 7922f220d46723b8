// A Stripe event body for a Checkout session, as the Checkout simulator (and tests) send it.
import { randomBytes } from 'node:crypto';
import type { CheckoutSession } from '../../providers/stripe/client';

export type CheckoutEventInput = {
  session: Pick<CheckoutSession, 'id' | 'amountTotal' | 'currency' | 'metadata'>;
  eventId?: string;
  type?:
    | 'checkout.session.completed'
    | 'checkout.session.async_payment_succeeded'
    | 'checkout.session.expired';
  paymentStatus?: 'paid' | 'unpaid' | 'no_payment_required';
};

/** A Stripe event body for a Checkout session, as Stripe's API version 2025-10-29 shapes it. */
export function checkoutSessionEvent(input: CheckoutEventInput): { eventId: string; body: string } {
  const eventId = input.eventId ?? `evt_sim_${randomBytes(12).toString('hex')}`;
  const created = Math.floor(Date.now() / 1000);
  const body = JSON.stringify({
    id: eventId,
    object: 'event',
    api_version: '2025-10-29.clover',
    created,
    livemode: false,
    pending_webhooks: 1,
    type: input.type ?? 'checkout.session.completed',
    data: {
      object: {
        id: input.session.id,
        object: 'checkout.session',
        mode: 'payment',
        status: input.type === 'checkout.session.expired' ? 'expired' : 'complete',
        payment_status: input.paymentStatus ?? 'paid',
        amount_total: input.session.amountTotal,
        amount_subtotal: input.session.amountTotal,
        currency: input.session.currency,
        client_reference_id: input.session.metadata.tenant_id ?? null,
        metadata: input.session.metadata,
        created,
      },
    },
  });
  return { eventId, body };
}
