// Applying Stripe's "this Checkout session is paid" event. Runs inside the transaction that marks
// the webhook event PROCESSED (once per event), and adds two rules of its own:
//   * one credit per checkout session: the session's row goes OPEN → PAID once, under the wallet
//     lock, so a second event for the same session (Stripe sends completed and, for delayed
//     methods, async_payment_succeeded; or a duplicate with a new id) credits nothing;
//   * nothing from the event is trusted alone: the session must be one we created for this
//     tenant, and the pack, amount and currency Stripe reports must match what we recorded.
// A refused event is not an error (retrying cannot fix it): it is audited, and the webhook event
// stays in the archive as processed. Only database failures throw (and are retried).
import { z } from 'zod';
import type { Tx } from '../../db/tx';
import type { StoredWebhookEvent } from '../webhooks/handlers/types';
import { recordAudit } from '../audit/record';
import { withWalletLock } from './account';
import { creditTopUp } from './ledger';
import { findCreditPack } from './packs';

const checkoutSessionObject = z.looseObject({
  id: z.string().regex(/^cs_[A-Za-z0-9_]{1,250}$/),
  object: z.literal('checkout.session'),
  payment_status: z.string(),
  amount_total: z.number().int().nullable(),
  currency: z.string().nullable(),
  metadata: z.record(z.string(), z.string()).nullable().default(null),
});

export type CheckoutPaymentOutcome = 'credited' | 'duplicate' | 'unpaid' | 'rejected';

export async function applyCheckoutPayment(
  tx: Tx,
  event: StoredWebhookEvent,
): Promise<{ outcome: CheckoutPaymentOutcome; reason?: string }> {
  const note = async (
    outcome: CheckoutPaymentOutcome,
    reason: string,
    extra: Record<string, string | number | null> = {},
  ) => {
    const session = typeof extra.checkoutSessionId === 'string' ? extra.checkoutSessionId : null;
    await recordAudit(tx, {
      tenantId: event.tenantId,
      action: outcome === 'rejected' ? 'wallet.topup_rejected' : 'wallet.topup_skipped',
      subject: session ? `checkout_session:${session}` : `stripe_event:${event.eventId}`,
      detail: { eventId: event.eventId, eventType: event.eventType, outcome, reason, ...extra },
    });
    return { outcome, reason };
  };

  const data = (event.payload as { data?: { object?: unknown } } | null)?.data?.object;
  const parsed = checkoutSessionObject.safeParse(data);
  if (!parsed.success) return note('rejected', 'not a Checkout session object');
  const session = parsed.data;
  if (session.payment_status !== 'paid')
    return note('unpaid', `payment_status is ${session.payment_status}`, {
      checkoutSessionId: session.id,
    });
  if (session.metadata?.tenant_id !== event.tenantId)
    return note('rejected', 'the session was not created for this tenant', {
      checkoutSessionId: session.id,
    });
  const pack = findCreditPack(session.metadata.pack_id ?? '');
  if (!pack)
    return note('rejected', 'unknown credit pack', {
      checkoutSessionId: session.id,
      packId: session.metadata.pack_id ?? null,
    });

  return withWalletLock(tx, event.tenantId, async () => {
    const checkout = await tx.billingTransaction.findUnique({
      where: {
        tenantId_checkoutSessionId: { tenantId: event.tenantId, checkoutSessionId: session.id },
      },
      select: {
        id: true,
        packId: true,
        credits: true,
        amountMinor: true,
        currency: true,
        status: true,
        stripeEventId: true,
      },
    });
    if (!checkout)
      return note('rejected', 'no checkout session of ours has this id', {
        checkoutSessionId: session.id,
      });
    const amountOk =
      session.amount_total === checkout.amountMinor && session.amount_total === pack.amountMinor;
    const currencyOk = session.currency === checkout.currency && session.currency === pack.currency;
    if (checkout.packId !== pack.id || !amountOk || !currencyOk) {
      return note('rejected', 'pack, amount or currency differ from the session we created', {
        checkoutSessionId: session.id,
        packId: pack.id,
        amountTotal: session.amount_total,
        currency: session.currency,
        expectedAmount: checkout.amountMinor,
        expectedCurrency: checkout.currency,
      });
    }
    if (checkout.status === 'PAID')
      return note('duplicate', 'this checkout session was already credited', {
        checkoutSessionId: session.id,
        creditedByEvent: checkout.stripeEventId,
      });

    const { entry } = await creditTopUp(tx, {
      tenantId: event.tenantId,
      idempotencyKey: `stripe:${event.eventId}`,
      credits: checkout.credits,
      description: `${pack.name} (Stripe ${session.id})`,
    });
    // Conditional on OPEN; the unique (tenant, stripe_event_id) and the paid-state CHECK back it.
    const paid = await tx.billingTransaction.updateMany({
      where: { id: checkout.id, status: 'OPEN' },
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
      subject: `billing_transaction:${checkout.id}`,
      detail: {
        eventId: event.eventId,
        checkoutSessionId: session.id,
        credits: checkout.credits,
        amountMinor: checkout.amountMinor,
        currency: checkout.currency,
        balanceAfter: entry.balanceAfter,
      },
    });
    return { outcome: 'credited' as const };
  });
}
