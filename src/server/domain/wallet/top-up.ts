// Buying credits: a Stripe Checkout session per purchase, recorded OPEN with the pack's fixed
// price, so the webhook that pays it can be checked against what we asked for.
import type { Tx } from '../../db/tx';
import type { Principal } from '../../auth/principal';
import {
  appBaseUrl,
  getCheckoutSimulator,
  getStripeCheckoutClient,
} from '../../providers/stripe/client';
import { recordAudit } from '../audit/record';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { requireKey } from './account';
import { findCreditPack } from './packs';
import { ensureStripeConnection, stripeSigningSecret } from './stripe-connection';

export const checkoutSelect = {
  id: true,
  checkoutSessionId: true,
  packId: true,
  credits: true,
  amountMinor: true,
  currency: true,
  status: true,
  checkoutUrl: true,
  createdAt: true,
  paidAt: true,
} as const;

export type StartTopUpInput = {
  packId: string;
  /** The request's Idempotency-Key. */ idempotencyKey: string;
};

/**
 * Creates (or, for a retried key, finds again) the Checkout session for a pack. Stripe receives
 * `topup:<tenant>:<key>` as its Idempotency-Key, so a retry after a lost response gets the same
 * session rather than a second one; our row is keyed by the session and written once.
 */
export async function startTopUp(tx: Tx, actor: Principal, input: StartTopUpInput) {
  requireKey(input.idempotencyKey, 'idempotencyKey');
  const pack = findCreditPack(input.packId);
  if (!pack) throw new ValidationError(`unknown credit pack ${input.packId}`, { field: 'packId' });
  // The endpoint must exist before anyone pays, or Stripe's event would have nowhere to go.
  await ensureStripeConnection(tx, actor);
  const base = appBaseUrl();
  const client = getStripeCheckoutClient();
  const session = await client.createCheckoutSession({
    idempotencyKey: `topup:${actor.tenantId}:${input.idempotencyKey}`,
    item: { name: pack.name, amountMinor: pack.amountMinor, currency: pack.currency },
    metadata: { tenant_id: actor.tenantId, pack_id: pack.id },
    clientReferenceId: actor.tenantId,
    successUrl: `${base}/campaigns/wallet?paid={CHECKOUT_SESSION_ID}`,
    cancelUrl: `${base}/campaigns/wallet?cancelled=1`,
  });
  const checkout = await tx.billingTransaction.upsert({
    where: {
      tenantId_checkoutSessionId: { tenantId: actor.tenantId, checkoutSessionId: session.id },
    },
    create: {
      tenantId: actor.tenantId,
      checkoutSessionId: session.id,
      packId: pack.id,
      credits: pack.credits,
      amountMinor: pack.amountMinor,
      currency: pack.currency,
      checkoutUrl: session.url,
      createdById: actor.userId,
    },
    update: {},
    select: checkoutSelect,
  });
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorId: actor.userId,
    action: 'wallet.checkout_started',
    subject: `billing_transaction:${checkout.id}`,
    detail: {
      packId: pack.id,
      credits: pack.credits,
      amountMinor: pack.amountMinor,
      currency: pack.currency,
      checkoutSessionId: session.id,
      mode: client.mode,
    },
  });
  return { ...checkout, url: session.url, mode: client.mode };
}

/** Recent purchases (open and paid), newest first. */
export async function listCheckouts(tx: Tx, tenantId: string, limit = 20) {
  return tx.billingTransaction.findMany({
    where: { tenantId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: Math.max(1, Math.min(limit, 100)),
    select: checkoutSelect,
  });
}

export const isCheckoutSimulated = () => getCheckoutSimulator() !== null;

/**
 * The simulator's "Pay" button: Stripe's checkout.session.completed for this session, signed with
 * the tenant's Stripe connection secret and POSTed to our endpoint. Crediting happens where it
 * always does, in the webhook job. Not available (NOT_FOUND) when real Stripe is configured.
 */
export async function completeSimulatedCheckout(
  tx: Tx,
  actor: Principal,
  input: { checkoutSessionId: string },
) {
  const simulator = getCheckoutSimulator();
  if (!simulator) throw new NotFoundError('the Checkout simulator is not active');
  const checkout = await tx.billingTransaction.findUnique({
    where: {
      tenantId_checkoutSessionId: {
        tenantId: actor.tenantId,
        checkoutSessionId: input.checkoutSessionId,
      },
    },
    select: checkoutSelect,
  });
  if (!checkout) throw new NotFoundError('checkout session not found');
  if (checkout.status === 'PAID')
    throw new ConflictError('this checkout session is already paid', {
      checkoutSessionId: checkout.checkoutSessionId,
    });
  const connection = await stripeSigningSecret(tx, actor.tenantId);
  const delivered = await simulator.completeCheckout({
    checkoutSessionId: checkout.checkoutSessionId,
    webhookUrl: `${appBaseUrl()}${connection.path}`,
    secret: connection.secret,
  });
  if (!delivered) throw new NotFoundError('the Checkout simulator has no record of this session');
  if (delivered.status < 200 || delivered.status >= 300) {
    throw new Error(
      `the webhook endpoint answered ${delivered.status} to the simulated checkout.session.completed`,
    );
  }
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorId: actor.userId,
    action: 'wallet.checkout_simulated_payment',
    subject: `billing_transaction:${checkout.id}`,
    detail: { eventId: delivered.eventId },
  });
  return {
    checkoutSessionId: checkout.checkoutSessionId,
    eventId: delivered.eventId,
    delivered: true as const,
  };
}
