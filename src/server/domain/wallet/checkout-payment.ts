// Applying Stripe's "this Checkout session is paid" event. Runs in the webhooks.process job,
// inside the transaction that marks the webhook event PROCESSED (once per event), and adds rules
// of its own:
//   * nothing from the event is trusted alone. The event is signed with the tenant's own
//     connection secret, which a tenant admin can read, so a tenant could sign a "paid" event for
//     a session it never paid. The event's claims are checked against the session we created
//     (tenant, pack, amount, currency), and then the session is confirmed with Stripe itself
//     (retrieved through the API, or the simulator's own record): paid, same amount, currency
//     and tenant. An event Stripe does not confirm credits nothing;
//   * one credit per checkout session: the session's row goes OPEN → PAID once, under the wallet
//     lock, so a second event for the same session (Stripe sends completed and, for delayed
//     methods, async_payment_succeeded; or a duplicate with a new id) credits nothing.
// A refused event is not an error (retrying cannot fix it): it is audited, and the webhook event
// stays in the archive as processed. Database failures and a Stripe that cannot be reached throw
// (the job retries). Stripe is asked before the wallet lock is taken, so a slow answer holds only
// this event's row.
import type { Tx } from '../../db/tx';
import type { RetrievedCheckoutSession } from '../../providers/stripe/client';
import type { StripeCheckoutSessionClaim } from '../../providers/stripe/events';
import { getStripeCheckoutClient } from '../../simulators/clients';
import { recordAudit } from '../audit/record';
import { withWalletLock } from './account';
import { creditTopUp } from './ledger';
import { findCreditPack } from './packs';

/** A Stripe payment event as the webhook handler hands it over (session: null when the event's
 * object is not a Checkout session). */
export type CheckoutPaymentEvent = {
  tenantId: string;
  eventId: string;
  eventType: string | null;
  session: StripeCheckoutSessionClaim | null;
};

/**
 * unconfirmed: the event says paid, Stripe says the session is not (a forged or premature event);
 * unpaid: the event itself says not paid yet (delayed payment methods).
 */
export type CheckoutPaymentOutcome =
  'credited' | 'duplicate' | 'unpaid' | 'unconfirmed' | 'rejected';

type Detail = Record<string, string | number | null>;

const checkoutColumns = {
  id: true,
  packId: true,
  credits: true,
  amountMinor: true,
  currency: true,
  status: true,
  stripeEventId: true,
} as const;

const findCheckout = (tx: Tx, tenantId: string, checkoutSessionId: string) =>
  tx.billingTransaction.findUnique({
    where: { tenantId_checkoutSessionId: { tenantId, checkoutSessionId } },
    select: checkoutColumns,
  });

type Checkout = NonNullable<Awaited<ReturnType<typeof findCheckout>>>;

/** Why Stripe's own answer does not confirm this payment of `checkout`, or null when it does. */
function unconfirmedBecause(
  confirmed: RetrievedCheckoutSession,
  checkout: Checkout,
  tenantId: string,
): { outcome: 'unconfirmed' | 'rejected'; reason: string } | null {
  if (confirmed.paymentStatus !== 'paid')
    return {
      outcome: 'unconfirmed',
      reason: `Stripe reports payment_status ${confirmed.paymentStatus} for this session; the event's "paid" is not confirmed`,
    };
  if (confirmed.amountTotal !== checkout.amountMinor || confirmed.currency !== checkout.currency)
    return {
      outcome: 'rejected',
      reason: 'Stripe reports another amount or currency for this session',
    };
  if (confirmed.metadata.tenant_id !== tenantId || confirmed.metadata.pack_id !== checkout.packId)
    return {
      outcome: 'rejected',
      reason: 'Stripe reports this session for another tenant or pack',
    };
  return null;
}

export async function applyCheckoutPayment(
  tx: Tx,
  event: CheckoutPaymentEvent,
): Promise<{ outcome: CheckoutPaymentOutcome; reason?: string }> {
  const note = async (outcome: CheckoutPaymentOutcome, reason: string, extra: Detail = {}) => {
    const session = typeof extra.checkoutSessionId === 'string' ? extra.checkoutSessionId : null;
    const refused = outcome === 'rejected' || outcome === 'unconfirmed';
    await recordAudit(tx, {
      tenantId: event.tenantId,
      action: refused ? 'wallet.topup_rejected' : 'wallet.topup_skipped',
      subject: session ? `checkout_session:${session}` : `stripe_event:${event.eventId}`,
      detail: { eventId: event.eventId, eventType: event.eventType, outcome, reason, ...extra },
    });
    return { outcome, reason };
  };

  const { session } = event;
  if (!session) return note('rejected', 'not a Checkout session object');
  const about = { checkoutSessionId: session.id };
  if (session.paymentStatus !== 'paid')
    return note('unpaid', `payment_status is ${session.paymentStatus}`, about);
  if (session.metadata?.tenant_id !== event.tenantId)
    return note('rejected', 'the session was not created for this tenant', about);
  const pack = findCreditPack(session.metadata.pack_id ?? '');
  if (!pack)
    return note('rejected', 'unknown credit pack', {
      ...about,
      packId: session.metadata.pack_id ?? null,
    });

  // The event's claims against what we recorded (cheap, and no call to Stripe for junk).
  const checkout = await findCheckout(tx, event.tenantId, session.id);
  if (!checkout) return note('rejected', 'no checkout session of ours has this id', about);
  const amountOk =
    session.amountTotal === checkout.amountMinor && session.amountTotal === pack.amountMinor;
  const currencyOk = session.currency === checkout.currency && session.currency === pack.currency;
  if (checkout.packId !== pack.id || !amountOk || !currencyOk) {
    return note('rejected', 'pack, amount or currency differ from the session we created', {
      ...about,
      packId: pack.id,
      amountTotal: session.amountTotal,
      currency: session.currency,
      expectedAmount: checkout.amountMinor,
      expectedCurrency: checkout.currency,
    });
  }
  const duplicate = (c: Checkout) =>
    note('duplicate', 'this checkout session was already credited', {
      ...about,
      creditedByEvent: c.stripeEventId,
    });
  if (checkout.status === 'PAID') return duplicate(checkout);

  // Stripe's own answer. Throws when Stripe cannot be reached: the job retries.
  const confirmed = await getStripeCheckoutClient().retrieveCheckoutSession(session.id);
  if (!confirmed) return note('rejected', 'Stripe has no Checkout session with this id', about);
  const refusal = unconfirmedBecause(confirmed, checkout, event.tenantId);
  if (refusal)
    return note(refusal.outcome, refusal.reason, {
      ...about,
      stripePaymentStatus: confirmed.paymentStatus,
      stripeAmountTotal: confirmed.amountTotal,
      stripeCurrency: confirmed.currency,
    });

  return withWalletLock(tx, event.tenantId, async () => {
    // Read again under the lock: another event for this session may have credited it meanwhile.
    const current = await findCheckout(tx, event.tenantId, session.id);
    if (!current) throw new Error(`checkout ${session.id} vanished under the wallet lock`);
    if (current.status === 'PAID') return duplicate(current);

    const { entry } = await creditTopUp(tx, {
      tenantId: event.tenantId,
      idempotencyKey: `stripe:${event.eventId}`,
      credits: current.credits,
      description: `${pack.name} (Stripe ${session.id})`,
    });
    // Conditional on OPEN; the unique (tenant, stripe_event_id) and the paid-state CHECK back it.
    const paid = await tx.billingTransaction.updateMany({
      where: { id: current.id, status: 'OPEN' },
      data: {
        status: 'PAID',
        stripeEventId: event.eventId,
        creditTransactionId: entry.id,
        paidAt: new Date(),
      },
    });
    if (paid.count !== 1) throw new Error(`checkout ${session.id} changed under the wallet lock`);
    await recordAudit(tx, {
      tenantId: event.tenantId,
      action: 'wallet.topped_up',
      subject: `billing_transaction:${current.id}`,
      detail: {
        eventId: event.eventId,
        checkoutSessionId: session.id,
        credits: current.credits,
        amountMinor: current.amountMinor,
        currency: current.currency,
        balanceAfter: entry.balanceAfter,
      },
    });
    return { outcome: 'credited' as const };
  });
}
