// Outbound Stripe: creating and retrieving Checkout sessions, behind one interface. This is the
// real API (the SDK, with our idempotency key passed as Stripe's Idempotency-Key, so a retried
// create returns the same session); the local stand-in implementing the same interface, and the
// choice between the two, live in src/server/simulators (checkout.ts, clients.ts).
import Stripe from 'stripe';
import { countedStripeCall } from '../request-metrics';

export type CheckoutLineItem = { name: string; amountMinor: number; currency: string };

export type CreateCheckoutSessionInput = {
  /** Sent to Stripe as its Idempotency-Key: the same key returns the same session. */
  idempotencyKey: string;
  item: CheckoutLineItem;
  /** Copied onto the session; the webhook handler reads tenant_id and pack_id back. */
  metadata: Record<string, string>;
  clientReferenceId: string;
  successUrl: string;
  cancelUrl: string;
};

export type CheckoutSession = {
  id: string;
  url: string;
  amountTotal: number;
  currency: string;
  metadata: Record<string, string>;
};

/** A session as Stripe reports it now: what a top-up is confirmed against, never the event. */
export type RetrievedCheckoutSession = {
  id: string;
  /** 'paid', 'unpaid' or 'no_payment_required'. */
  paymentStatus: string;
  amountTotal: number | null;
  currency: string | null;
  metadata: Record<string, string>;
};

export interface StripeCheckoutClient {
  readonly mode: 'stripe' | 'simulator';
  createCheckoutSession(input: CreateCheckoutSessionInput): Promise<CheckoutSession>;
  /** null when Stripe has no such session; a network or API failure throws. */
  retrieveCheckoutSession(id: string): Promise<RetrievedCheckoutSession | null>;
}

export class StripeApiCheckoutClient implements StripeCheckoutClient {
  readonly mode = 'stripe' as const;
  private readonly stripe: Stripe;

  /** `endpoint`: another API host (tests point it at a local stand-in). */
  constructor(
    secretKey: string,
    endpoint: Pick<Stripe.StripeConfig, 'host' | 'port' | 'protocol'> = {},
  ) {
    this.stripe = new Stripe(secretKey, { maxNetworkRetries: 2, timeout: 20_000, ...endpoint });
  }

  async createCheckoutSession(input: CreateCheckoutSessionInput): Promise<CheckoutSession> {
    const session = await countedStripeCall('checkout.sessions.create', () =>
      this.stripe.checkout.sessions.create(
        {
          mode: 'payment',
          line_items: [
            {
              quantity: 1,
              price_data: {
                currency: input.item.currency,
                unit_amount: input.item.amountMinor,
                product_data: { name: input.item.name },
              },
            },
          ],
          metadata: input.metadata,
          client_reference_id: input.clientReferenceId,
          success_url: input.successUrl,
          cancel_url: input.cancelUrl,
        },
        { idempotencyKey: input.idempotencyKey },
      ),
    );
    if (!session.url || session.amount_total === null || !session.currency)
      throw new Error(`Stripe returned checkout session ${session.id} without a url or amount`);
    return {
      id: session.id,
      url: session.url,
      amountTotal: session.amount_total,
      currency: session.currency,
      metadata: { ...(session.metadata ?? {}) },
    };
  }

  async retrieveCheckoutSession(id: string): Promise<RetrievedCheckoutSession | null> {
    try {
      // Runs inside the webhook job's transaction: bounded well below its 30 s timeout.
      const session = await countedStripeCall(
        'checkout.sessions.retrieve',
        () =>
          this.stripe.checkout.sessions.retrieve(id, undefined, {
            timeout: 10_000,
            maxNetworkRetries: 1,
          }),
        isUnknownSession,
      );
      return {
        id: session.id,
        paymentStatus: session.payment_status,
        amountTotal: session.amount_total,
        currency: session.currency,
        metadata: { ...(session.metadata ?? {}) },
      };
    } catch (error) {
      if (isUnknownSession(error)) return null;
      throw error;
    }
  }
}

/** Stripe answers 404 resource_missing for an id it never issued (a forged one). */
const isUnknownSession = (error: unknown) =>
  error instanceof Stripe.errors.StripeInvalidRequestError && error.statusCode === 404;
