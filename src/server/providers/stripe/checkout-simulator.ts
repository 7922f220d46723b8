// Stripe Checkout, simulated. createCheckoutSession answers like Stripe (a cs_test_… session
// with a hosted-page url; the same idempotency key gives the same session), and completing a
// session ("paying" on the hosted page, or completeCheckout directly) POSTs a
// checkout.session.completed event, signed like Stripe signs it, to our own webhook endpoint.
// Stateless: the caller hands the session back when completing it (our database has it), so any
// web process can complete any session.
import { createHash, randomBytes } from 'node:crypto';
import type { SimulatedDelivery } from '../types';
import { stripeSimulator } from './simulator';
import type { CheckoutSession, CreateCheckoutSessionInput, StripeCheckoutClient } from './client';

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

export type CompleteCheckoutInput = CheckoutEventInput & {
  /** Our endpoint for this tenant's Stripe connection, absolute. */
  webhookUrl: string;
  /** The connection's current signing secret (whsec_…). */
  secret: string;
};

async function post(delivery: SimulatedDelivery): Promise<{ status: number }> {
  const response = await fetch(delivery.url, {
    method: delivery.method,
    headers: delivery.headers,
    body: delivery.body,
    signal: AbortSignal.timeout(10_000),
  });
  await response.arrayBuffer();
  return { status: response.status };
}

export class CheckoutSimulator implements StripeCheckoutClient {
  readonly mode = 'simulator' as const;

  constructor(private readonly options: { baseUrl: () => string }) {}

  createCheckoutSession(input: CreateCheckoutSessionInput): Promise<CheckoutSession> {
    // Like Stripe's idempotency: the same key always yields the same session.
    const id = `cs_test_sim_${createHash('sha256').update(input.idempotencyKey).digest('hex').slice(0, 32)}`;
    const url = `${this.options.baseUrl()}/campaigns/wallet?checkout=${encodeURIComponent(id)}`;
    return Promise.resolve({
      id,
      url,
      amountTotal: input.item.amountMinor,
      currency: input.item.currency,
      metadata: { ...input.metadata },
    });
  }

  /** "Pays" the session: Stripe's completed event, signed, delivered over HTTP to our endpoint. */
  async completeCheckout(
    input: CompleteCheckoutInput,
  ): Promise<{ eventId: string; status: number }> {
    const { eventId, body } = checkoutSessionEvent(input);
    const delivery = stripeSimulator.sign({ url: input.webhookUrl, body, secret: input.secret });
    const { status } = await post(delivery);
    return { eventId, status };
  }
}
