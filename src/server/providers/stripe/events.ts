// A Stripe event as one typed event. Only Checkout payments mean anything to us so far; the
// session is read here, once, with Stripe's field names, and handed on in ours.
import { z } from 'zod';

export const STRIPE_PAYMENT_EVENT_TYPES = [
  'checkout.session.completed',
  // Delayed payment methods complete with this one.
  'checkout.session.async_payment_succeeded',
] as const;
export type StripePaymentEventType = (typeof STRIPE_PAYMENT_EVENT_TYPES)[number];

/** What the event claims about a Checkout session (to be confirmed with Stripe, never trusted). */
export type StripeCheckoutSessionClaim = {
  id: string;
  /** 'paid', 'unpaid' or 'no_payment_required'. */
  paymentStatus: string;
  amountTotal: number | null;
  currency: string | null;
  metadata: Record<string, string> | null;
};

export type StripeEvent =
  /** `session` is null when data.object is not a Checkout session. */
  | { kind: StripePaymentEventType; session: StripeCheckoutSessionClaim | null }
  | { kind: 'other'; type: string };

const checkoutSessionSchema = z.looseObject({
  id: z.string().regex(/^cs_[A-Za-z0-9_]{1,250}$/),
  object: z.literal('checkout.session'),
  payment_status: z.string(),
  amount_total: z.number().int().nullable(),
  currency: z.string().nullable(),
  metadata: z.record(z.string(), z.string()).nullable().default(null),
});

const isPaymentType = (type: unknown): type is StripePaymentEventType =>
  (STRIPE_PAYMENT_EVENT_TYPES as readonly unknown[]).includes(type);

/** A Stripe event body (as ingest parsed and stored it) as its event. */
export function readStripeEvent(payload: unknown): StripeEvent {
  const event = payload as { type?: unknown; data?: { object?: unknown } } | null;
  const type = event?.type;
  if (!isPaymentType(type)) return { kind: 'other', type: typeof type === 'string' ? type : '' };
  const session = checkoutSessionSchema.safeParse(event?.data?.object);
  if (!session.success) return { kind: type, session: null };
  const s = session.data;
  return {
    kind: type,
    session: {
      id: s.id,
      paymentStatus: s.payment_status,
      amountTotal: s.amount_total,
      currency: s.currency,
      metadata: s.metadata,
    },
  };
}
