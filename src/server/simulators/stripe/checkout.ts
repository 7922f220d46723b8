// Stripe Checkout, simulated. createCheckoutSession answers like Stripe (a cs_test_… session
// with a hosted-page url; the same idempotency key gives the same session), retrieval answers
// from the simulator's own record of its sessions (simulator_stripe_checkout_sessions, shared by
// every process, so the worker confirms what a web process created), and paying a session (the
// hosted page's button: completeCheckout) marks it paid there, then POSTs a
// checkout.session.completed event, signed like Stripe signs it, to our own webhook endpoint.
// Only that pay action makes a session paid: an event signed by anyone else confirms nothing.
import { createHash } from 'node:crypto';
import { getPrisma } from '../../db/client';
import type {
  CheckoutSession,
  CreateCheckoutSessionInput,
  RetrievedCheckoutSession,
  StripeCheckoutClient,
} from '../../providers/stripe/client';
import { postDelivery } from '../post';
import { checkoutSessionEvent, type CheckoutEventInput } from './checkout-event';
import { stripeSimulator } from './deliveries';

export type CompleteCheckoutInput = Pick<CheckoutEventInput, 'eventId' | 'type'> & {
  checkoutSessionId: string;
  /** Our endpoint for this tenant's Stripe connection, absolute. */
  webhookUrl: string;
  /** The connection's current signing secret (whsec_…). */
  secret: string;
};

const sessionColumns = {
  id: true,
  url: true,
  amountTotal: true,
  currency: true,
  metadata: true,
  paymentStatus: true,
} as const;

type SessionRow = {
  id: string;
  url: string;
  amountTotal: number;
  currency: string;
  metadata: unknown;
  paymentStatus: string;
};

function metadataOf(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}

const toRetrieved = (row: SessionRow): RetrievedCheckoutSession => ({
  id: row.id,
  paymentStatus: row.paymentStatus,
  amountTotal: row.amountTotal,
  currency: row.currency,
  metadata: metadataOf(row.metadata),
});

export class CheckoutSimulator implements StripeCheckoutClient {
  readonly mode = 'simulator' as const;

  async createCheckoutSession(input: CreateCheckoutSessionInput): Promise<CheckoutSession> {
    // Like Stripe's idempotency: the same key always yields the same session (the first answer).
    const id = `cs_test_sim_${createHash('sha256').update(input.idempotencyKey).digest('hex').slice(0, 32)}`;
    const sessions = getPrisma().simulatorStripeCheckoutSession;
    await sessions.createMany({
      data: {
        id,
        // The hosted page opens on the origin the customer returns to (where their session is).
        url: `${new URL(input.successUrl).origin}/campaigns/wallet?checkout=${encodeURIComponent(id)}`,
        amountTotal: input.item.amountMinor,
        currency: input.item.currency,
        metadata: { ...input.metadata },
      },
      skipDuplicates: true,
    });
    const row = await sessions.findUniqueOrThrow({ where: { id }, select: sessionColumns });
    return {
      id: row.id,
      url: row.url,
      amountTotal: row.amountTotal,
      currency: row.currency,
      metadata: metadataOf(row.metadata),
    };
  }

  async retrieveCheckoutSession(id: string): Promise<RetrievedCheckoutSession | null> {
    const row = await getPrisma().simulatorStripeCheckoutSession.findUnique({
      where: { id },
      select: sessionColumns,
    });
    return row ? toRetrieved(row) : null;
  }

  /** The customer pays on the hosted page: the session is paid from now on (null: no such session). */
  async payCheckoutSession(id: string): Promise<RetrievedCheckoutSession | null> {
    const sessions = getPrisma().simulatorStripeCheckoutSession;
    await sessions.updateMany({
      where: { id, paymentStatus: 'unpaid' },
      data: { paymentStatus: 'paid', paidAt: new Date() },
    });
    const row = await sessions.findUnique({ where: { id }, select: sessionColumns });
    return row ? toRetrieved(row) : null;
  }

  /**
   * Pays the session, then delivers Stripe's completed event for it (built from the simulator's
   * record, signed with the endpoint's secret) over HTTP to our endpoint. null: no such session.
   */
  async completeCheckout(
    input: CompleteCheckoutInput,
  ): Promise<{ eventId: string; status: number } | null> {
    const paid = await this.payCheckoutSession(input.checkoutSessionId);
    if (!paid || paid.amountTotal === null || paid.currency === null) return null;
    const { eventId, body } = checkoutSessionEvent({
      session: {
        id: paid.id,
        amountTotal: paid.amountTotal,
        currency: paid.currency,
        metadata: paid.metadata,
      },
      eventId: input.eventId,
      type: input.type,
    });
    const delivery = stripeSimulator.sign({ url: input.webhookUrl, body, secret: input.secret });
    const status = await postDelivery(delivery);
    return { eventId, status };
  }
}
