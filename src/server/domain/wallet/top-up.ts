// Buying credits: a Stripe Checkout session per purchase, recorded OPEN with the pack's fixed
// price, so the webhook that pays it can be checked against what we asked for.
// startTopUp and completeSimulatedCheckout call out (Stripe, or the simulator's POST to our own
// webhook endpoint), so unlike the rest of the domain they take no transaction: each runs a short
// tenant transaction to check and prepare, makes the call with none open (no connection, row or
// lock held while the provider answers), then a second short one to record what came back.
import { withTenantTx, type Tx } from '../../db/tx';
import type { Actor } from '../audit/actor';
import { appOrigin as appBaseUrl } from '../connections/app-origin';
import { getCheckoutSimulator, getStripeCheckoutClient } from '../../simulators/clients';
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
  actor: Actor;
  packId: string;
  /** The request's Idempotency-Key. */ idempotencyKey: string;
  /**
   * Where the browser comes back to: the origin the console is open on (requestOrigin), since the
   * session cookie lives there. Default: APP_URL's.
   */
  returnOrigin?: string;
};

/**
 * Creates (or, for a retried key, finds again) the Checkout session for a pack. Stripe receives
 * `topup:<tenant>:<key>` as its Idempotency-Key, so a retry after a lost response gets the same
 * session rather than a second one; our row is keyed by the session and written once (the
 * `wallet.checkout_started` audit with it). Safe to run again for the same key at any point.
 */
// opens its own transactions
export async function startTopUp(input: StartTopUpInput) {
  const { actor } = input;
  requireKey(input.idempotencyKey, 'idempotencyKey');
  const pack = findCreditPack(input.packId);
  if (!pack) throw new ValidationError(`unknown credit pack ${input.packId}`, { field: 'packId' });
  const scope = { userId: actor.userId ?? undefined };
  // The endpoint must exist before anyone pays, or Stripe's event would have nowhere to go.
  await withTenantTx(actor.tenantId, (tx) => ensureStripeConnection(tx, { actor }), scope);

  const base = input.returnOrigin ?? appBaseUrl();
  const client = getStripeCheckoutClient();
  const session = await client.createCheckoutSession({
    idempotencyKey: `topup:${actor.tenantId}:${input.idempotencyKey}`,
    item: { name: pack.name, amountMinor: pack.amountMinor, currency: pack.currency },
    metadata: { tenant_id: actor.tenantId, pack_id: pack.id },
    clientReferenceId: actor.tenantId,
    successUrl: `${base}/campaigns/wallet?paid={CHECKOUT_SESSION_ID}`,
    cancelUrl: `${base}/campaigns/wallet?cancelled=1`,
  });

  return withTenantTx(
    actor.tenantId,
    async (tx) => {
      const where = {
        tenantId_checkoutSessionId: { tenantId: actor.tenantId, checkoutSessionId: session.id },
      };
      // Written once per session: a retry (or a concurrent twin) finds the row and adds nothing.
      const { count } = await tx.billingTransaction.createMany({
        data: {
          tenantId: actor.tenantId,
          checkoutSessionId: session.id,
          packId: pack.id,
          credits: pack.credits,
          amountMinor: pack.amountMinor,
          currency: pack.currency,
          checkoutUrl: session.url,
          createdById: actor.userId,
        },
        skipDuplicates: true,
      });
      const checkout = await tx.billingTransaction.findUniqueOrThrow({
        where,
        select: checkoutSelect,
      });
      if (count === 1) {
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
      }
      return { ...checkout, url: session.url, mode: client.mode };
    },
    scope,
  );
}

/** Recent purchases (open and paid), newest first. */
export async function listCheckouts(
  tx: Tx,
  { tenantId, limit = 20 }: { tenantId: string; limit?: number },
) {
  return tx.billingTransaction.findMany({
    where: { tenantId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: Math.max(1, Math.min(limit, 100)),
    select: checkoutSelect,
  });
}

export const isCheckoutSimulated = () => getCheckoutSimulator() !== null;

/**
 * The simulator's "Pay" button: the simulated Stripe marks the session paid, then sends its
 * checkout.session.completed, signed with the tenant's Stripe connection secret, to our endpoint.
 * Crediting happens where it always does, in the webhook job (which confirms the payment with the
 * simulator's record). Not available (NOT_FOUND) when real Stripe is configured.
 */
// opens its own transactions
export async function completeSimulatedCheckout(input: {
  actor: Actor;
  checkoutSessionId: string;
}) {
  const { actor } = input;
  const simulator = getCheckoutSimulator();
  if (!simulator) throw new NotFoundError('the Checkout simulator is not active');
  const scope = { userId: actor.userId ?? undefined };
  const { checkout, connection } = await withTenantTx(
    actor.tenantId,
    async (tx) => {
      const found = await tx.billingTransaction.findUnique({
        where: {
          tenantId_checkoutSessionId: {
            tenantId: actor.tenantId,
            checkoutSessionId: input.checkoutSessionId,
          },
        },
        select: checkoutSelect,
      });
      if (!found) throw new NotFoundError('checkout session not found');
      if (found.status === 'PAID')
        throw new ConflictError('this checkout session is already paid', {
          checkoutSessionId: found.checkoutSessionId,
        });
      return {
        checkout: found,
        connection: await stripeSigningSecret(tx, { tenantId: actor.tenantId }),
      };
    },
    scope,
  );

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

  await withTenantTx(
    actor.tenantId,
    (tx) =>
      recordAudit(tx, {
        tenantId: actor.tenantId,
        actorId: actor.userId,
        action: 'wallet.checkout_simulated_payment',
        subject: `billing_transaction:${checkout.id}`,
        detail: { eventId: delivered.eventId },
      }),
    scope,
  );
  return {
    checkoutSessionId: checkout.checkoutSessionId,
    eventId: delivered.eventId,
    delivered: true as const,
  };
}
