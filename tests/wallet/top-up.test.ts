// Top-ups through the real pipeline: Checkout session via tRPC, Stripe's signed event through the
// webhook route, the webhooks.process job run by a real worker pass confirming the session with
// "Stripe" (the simulator's own record), the wallet credited once.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TRPCError } from '@trpc/server';
import {
  addPerson,
  callerFor,
  createTenant,
  ownerQuery,
  type TestTenant,
} from '../helpers/fixtures';
import { createConnection, eventsOf, send, type TestConnection } from '../webhooks/helpers';
import { makeAllDue, runDueJobs } from '../kernel/support';
import { stripeSimulator } from '../../src/server/simulators/stripe/deliveries';
import { CheckoutSimulator } from '../../src/server/simulators/stripe/checkout';
import { getCheckoutSimulator } from '../../src/server/simulators/clients';
import {
  auditActions,
  expectBooksBalanced,
  ledgerOf,
  payInSimulator,
  sendCheckoutEvent,
  stripeEndpointForFile,
} from './support';

const stripeEndpoint = stripeEndpointForFile();
let t: TestTenant;
let connection: TestConnection;

beforeEach(async () => {
  t = await createTenant('topup');
  connection = await createConnection(t, 'stripe');
});
afterEach(async () => {
  vi.restoreAllMocks();
  await expectBooksBalanced(t.tenantId);
});

const asOwner = (key?: string) => callerFor(t.owner, key ? { 'idempotency-key': key } : {});
const start = (
  packId: 'credits-1000' | 'credits-5000' | 'credits-20000',
  key = `k-${Math.random().toString(36).slice(2)}`,
) => asOwner(key).wallet.startTopUp({ packId });
const sessionOf = (
  checkout: { checkoutSessionId: string; amountMinor: number; currency: string; packId: string },
  overrides: Partial<{ amountTotal: number; currency: string; pack: string; tenant: string }> = {},
) => ({
  id: checkout.checkoutSessionId,
  amountTotal: overrides.amountTotal ?? checkout.amountMinor,
  currency: overrides.currency ?? checkout.currency,
  metadata: {
    tenant_id: overrides.tenant ?? t.tenantId,
    pack_id: overrides.pack ?? checkout.packId,
  },
});
const topUps = async () => (await ledgerOf(t.tenantId)).filter((r) => r.kind === 'TOPUP');
const codeOf = async (p: Promise<unknown>) => {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return (error as TRPCError).code;
};

describe('Stripe top-ups', () => {
  it('a paid checkout.session.completed credits the pack once, through redelivery and replay', async () => {
    const checkout = await start('credits-5000');
    expect(checkout).toMatchObject({
      status: 'OPEN',
      credits: 5000,
      amountMinor: 4500,
      currency: 'eur',
      mode: 'simulator',
    });
    expect(checkout.url).toContain(checkout.checkoutSessionId);

    await payInSimulator(checkout.checkoutSessionId);
    const { eventId, body, response } = await sendCheckoutEvent(connection, {
      session: sessionOf(checkout),
    });
    expect(response.status).toBe(200);
    await runDueJobs();
    expect(await topUps()).toEqual([
      {
        kind: 'TOPUP',
        amount: 5000,
        balance_after: 5000,
        idempotency_key: `stripe:${eventId}`,
        reservation_id: null,
      },
    ]);
    expect(await asOwner().wallet.summary()).toMatchObject({ balance: 5000, available: 5000 });
    expect((await asOwner().wallet.checkouts())[0]).toMatchObject({
      status: 'PAID',
      checkoutSessionId: checkout.checkoutSessionId,
    });

    // Stripe redelivers the same event: stored once, nothing more to do.
    const again = await send(
      'stripe',
      stripeSimulator.sign({ url: connection.url, body, secret: connection.secret }),
    );
    expect(again.status).toBe(200);
    await runDueJobs();
    // An operator replays it from the archive.
    const [stored] = await eventsOf(connection);
    await callerFor(t.owner).webhooks.replayEvent({ id: stored!.id });
    await runDueJobs();
    expect(await topUps()).toHaveLength(1);
    expect(await asOwner().wallet.summary()).toMatchObject({ balance: 5000 });
  });

  it('a second event for an already credited session credits nothing (one credit per session)', async () => {
    const checkout = await start('credits-1000');
    await payInSimulator(checkout.checkoutSessionId);
    await sendCheckoutEvent(connection, { session: sessionOf(checkout) });
    await sendCheckoutEvent(connection, {
      session: sessionOf(checkout),
      type: 'checkout.session.async_payment_succeeded',
    });
    await sendCheckoutEvent(connection, { session: sessionOf(checkout) });
    await runDueJobs();
    expect(await topUps()).toHaveLength(1);
    expect((await eventsOf(connection)).map((e) => e.status)).toEqual([
      'PROCESSED',
      'PROCESSED',
      'PROCESSED',
    ]);
    const skipped = await auditActions(t.tenantId, 'wallet.topup_skipped');
    expect(skipped).toHaveLength(2);
    expect(skipped[0]!.detail).toMatchObject({ outcome: 'duplicate' });
  });

  it('refuses tampered or foreign sessions: no credit, the event recorded and audited', async () => {
    const checkout = await start('credits-20000');
    // Really paid: the events' tampered claims are refused all the same.
    await payInSimulator(checkout.checkoutSessionId);
    await sendCheckoutEvent(connection, { session: sessionOf(checkout, { amountTotal: 100 }) });
    await sendCheckoutEvent(connection, { session: sessionOf(checkout, { currency: 'usd' }) });
    await sendCheckoutEvent(connection, { session: sessionOf(checkout, { pack: 'credits-1000' }) });
    await sendCheckoutEvent(connection, {
      session: sessionOf(checkout, { pack: 'credits-999999' }),
    });
    await sendCheckoutEvent(connection, {
      session: sessionOf(checkout, { tenant: '00000000-0000-4000-8000-000000000000' }),
    });
    await sendCheckoutEvent(connection, {
      session: { ...sessionOf(checkout), id: 'cs_test_never_created_by_us' },
    });
    await runDueJobs();
    expect(await topUps()).toHaveLength(0);
    const events = await eventsOf(connection);
    expect(events).toHaveLength(6);
    expect(events.every((e) => e.status === 'PROCESSED')).toBe(true);
    const rejected = await auditActions(t.tenantId, 'wallet.topup_rejected');
    expect(rejected).toHaveLength(6);
    expect(rejected[0]!.detail).toMatchObject({ amountTotal: 100, expectedAmount: 16000 });
    const [row] = await ownerQuery<{ status: string }>(
      'SELECT status::text AS status FROM billing_transactions WHERE checkout_session_id = $1',
      [checkout.checkoutSessionId],
    );
    expect(row!.status).toBe('OPEN');
    // The genuine event still pays it afterwards.
    await sendCheckoutEvent(connection, { session: sessionOf(checkout) });
    await runDueJobs();
    expect(await topUps()).toHaveLength(1);
  });

  it('an unpaid completion waits; other Stripe event types are ignored and never fail', async () => {
    const checkout = await start('credits-1000');
    await sendCheckoutEvent(connection, { session: sessionOf(checkout), paymentStatus: 'unpaid' });
    await sendCheckoutEvent(connection, {
      session: sessionOf(checkout),
      type: 'checkout.session.expired',
      paymentStatus: 'unpaid',
    });
    await runDueJobs();
    expect(await topUps()).toHaveLength(0);
    expect((await eventsOf(connection)).every((e) => e.status === 'PROCESSED')).toBe(true);
    // The unpaid completion is noted by the wallet; the expired session needs no line at all.
    const skipped = await auditActions(t.tenantId, 'wallet.topup_skipped');
    expect(skipped.map((a) => a.detail)).toEqual([expect.objectContaining({ outcome: 'unpaid' })]);
    expect(await auditActions(t.tenantId, 'webhook.')).toEqual([]);
    // The delayed payment goes through at Stripe, which then sends async_payment_succeeded.
    await payInSimulator(checkout.checkoutSessionId);
    await sendCheckoutEvent(connection, {
      session: sessionOf(checkout),
      type: 'checkout.session.async_payment_succeeded',
    });
    await runDueJobs();
    expect(await topUps()).toHaveLength(1);
  });

  it('the simulator pays over HTTP: signed event to our endpoint, credited by the job; paying again is refused', async () => {
    const checkout = await start('credits-1000');
    const paid = await asOwner().wallet.completeSimulatedCheckout({
      checkoutSessionId: checkout.checkoutSessionId,
    });
    expect(paid).toMatchObject({ delivered: true, checkoutSessionId: checkout.checkoutSessionId });
    expect((await eventsOf(connection)).map((e) => e.event_id)).toEqual([paid.eventId]);
    await runDueJobs();
    expect(await asOwner().wallet.summary()).toMatchObject({ balance: 1000 });
    expect(
      await codeOf(
        asOwner().wallet.completeSimulatedCheckout({
          checkoutSessionId: checkout.checkoutSessionId,
        }),
      ),
    ).toBe('CONFLICT');
    expect(
      await codeOf(
        asOwner().wallet.completeSimulatedCheckout({ checkoutSessionId: 'cs_test_unknown' }),
      ),
    ).toBe('NOT_FOUND');
  });

  it('creates the Stripe connection on first use when the tenant has none', async () => {
    const fresh = await createTenant('topup-fresh');
    await callerFor(fresh.owner, { 'idempotency-key': 'first' }).wallet.startTopUp({
      packId: 'credits-1000',
    });
    const connections = await callerFor(fresh.owner).webhooks.listConnections();
    expect(connections.map((c) => c.provider)).toEqual(['stripe']);
    await callerFor(fresh.owner, { 'idempotency-key': 'second' }).wallet.startTopUp({
      packId: 'credits-1000',
    });
    expect(await callerFor(fresh.owner).webhooks.listConnections()).toHaveLength(1);
  });
});

describe('confirmed with Stripe, never trusted from the event', () => {
  const billingStatus = async (checkoutSessionId: string) =>
    (
      await ownerQuery<{ status: string }>(
        'SELECT status::text AS status FROM billing_transactions WHERE checkout_session_id = $1',
        [checkoutSessionId],
      )
    )[0]?.status;

  it('a correctly signed "paid" event for a session nobody paid credits nothing; the real payment credits once', async () => {
    const checkout = await start('credits-5000');
    // A tenant admin can read the connection's secret, so it can sign Stripe's event itself.
    const forged = await sendCheckoutEvent(connection, { session: sessionOf(checkout) });
    expect(forged.response.status).toBe(200);
    await runDueJobs();
    expect(await topUps()).toEqual([]);
    expect(await asOwner().wallet.summary()).toMatchObject({ balance: 0 });
    expect(await billingStatus(checkout.checkoutSessionId)).toBe('OPEN');
    // Recorded and done with (no failure loop), the reason on record.
    expect(await eventsOf(connection)).toEqual([
      expect.objectContaining({ event_id: forged.eventId, status: 'PROCESSED', attempts: 1 }),
    ]);
    expect((await auditActions(t.tenantId, 'wallet.topup_rejected'))[0]!.detail).toMatchObject({
      outcome: 'unconfirmed',
      reason: expect.stringContaining('payment_status unpaid') as string,
      eventId: forged.eventId,
      checkoutSessionId: checkout.checkoutSessionId,
      stripePaymentStatus: 'unpaid',
    });
    await expectBooksBalanced(t.tenantId);

    // The real payment: the simulator's pay action and the event it sends.
    const paid = await asOwner().wallet.completeSimulatedCheckout({
      checkoutSessionId: checkout.checkoutSessionId,
    });
    await runDueJobs();
    expect(await topUps()).toEqual([
      expect.objectContaining({ amount: 5000, idempotency_key: `stripe:${paid.eventId}` }),
    ]);
    expect(await billingStatus(checkout.checkoutSessionId)).toBe('PAID');
    await expectBooksBalanced(t.tenantId);

    // Stripe redelivers the real event (same id); an operator replays both from the archive.
    const again = await getCheckoutSimulator()!.completeCheckout({
      checkoutSessionId: checkout.checkoutSessionId,
      eventId: paid.eventId,
      webhookUrl: `${stripeEndpoint().baseUrl}${new URL(connection.url).pathname}`,
      secret: connection.secret,
    });
    expect(again).toEqual({ eventId: paid.eventId, status: 200 });
    expect(await eventsOf(connection)).toHaveLength(2);
    for (const e of await eventsOf(connection))
      await callerFor(t.owner).webhooks.replayEvent({ id: e.id });
    await runDueJobs();
    // The forged one sent again (a new event id) now finds the session credited.
    await sendCheckoutEvent(connection, { session: sessionOf(checkout) });
    await runDueJobs();
    expect(await topUps()).toHaveLength(1);
    expect(await asOwner().wallet.summary()).toMatchObject({ balance: 5000 });
    expect(
      (await auditActions(t.tenantId, 'wallet.topup_skipped')).map((a) => a.detail.outcome),
    ).toEqual(['duplicate']);
  });

  it('Stripe out of reach: the attempt fails and is retried, crediting once Stripe answers', async () => {
    const checkout = await start('credits-1000');
    await payInSimulator(checkout.checkoutSessionId);
    const retrieve = vi
      .spyOn(CheckoutSimulator.prototype, 'retrieveCheckoutSession')
      .mockRejectedValueOnce(new Error('connect ECONNREFUSED api.stripe.com'));
    await sendCheckoutEvent(connection, { session: sessionOf(checkout) });
    await runDueJobs();
    expect(retrieve).toHaveBeenCalledTimes(1);
    expect(await topUps()).toEqual([]);
    expect((await eventsOf(connection))[0]).toMatchObject({ status: 'FAILED', attempts: 1 });
    // The failed attempt rolled back whole: no refusal on record.
    expect(await auditActions(t.tenantId, 'wallet.topup_')).toEqual([]);
    await makeAllDue();
    await runDueJobs();
    expect(retrieve).toHaveBeenCalledTimes(2);
    expect(await topUps()).toHaveLength(1);
    expect((await eventsOf(connection))[0]).toMatchObject({ status: 'PROCESSED' });
  });

  it("refuses when Stripe's own answer differs from the session we created, or Stripe has no such session", async () => {
    const checkout = await start('credits-1000');
    const stripeSays = {
      id: checkout.checkoutSessionId,
      paymentStatus: 'paid',
      amountTotal: checkout.amountMinor,
      currency: checkout.currency,
      metadata: { tenant_id: t.tenantId, pack_id: checkout.packId },
    };
    vi.spyOn(CheckoutSimulator.prototype, 'retrieveCheckoutSession')
      .mockResolvedValueOnce({ ...stripeSays, amountTotal: 1 })
      .mockResolvedValueOnce({
        ...stripeSays,
        metadata: { ...stripeSays.metadata, tenant_id: 'someone-else' },
      })
      .mockResolvedValueOnce(null);
    for (let i = 0; i < 3; i++) {
      await sendCheckoutEvent(connection, { session: sessionOf(checkout) });
      await runDueJobs();
    }
    expect(await topUps()).toEqual([]);
    expect((await eventsOf(connection)).every((e) => e.status === 'PROCESSED')).toBe(true);
    expect(
      (await auditActions(t.tenantId, 'wallet.topup_rejected')).map((a) => a.detail.reason),
    ).toEqual([
      'Stripe reports another amount or currency for this session',
      'Stripe reports this session for another tenant or pack',
      'Stripe has no Checkout session with this id',
    ]);
    expect(await billingStatus(checkout.checkoutSessionId)).toBe('OPEN');
  });
});

describe('startTopUp and adjust at the boundary', () => {
  it('the same Idempotency-Key gives the same session; a new key a new one', async () => {
    const a = await start('credits-1000', 'same-key');
    const b = await start('credits-1000', 'same-key');
    expect(b.checkoutSessionId).toBe(a.checkoutSessionId);
    const c = await start('credits-1000', 'other-key');
    expect(c.checkoutSessionId).not.toBe(a.checkoutSessionId);
    expect(await asOwner().wallet.checkouts()).toHaveLength(2);
  });

  it('bad input answers 4xx and writes nothing', async () => {
    expect(await codeOf(asOwner().wallet.startTopUp({ packId: 'credits-1000' }))).toBe(
      'BAD_REQUEST',
    );
    expect(
      await codeOf(asOwner('k').wallet.startTopUp({ packId: 'credits-7' as 'credits-1000' })),
    ).toBe('BAD_REQUEST');
    const staff = await addPerson(t, 'STAFF');
    expect(
      await codeOf(
        callerFor(staff, { 'idempotency-key': 'k' }).wallet.startTopUp({ packId: 'credits-1000' }),
      ),
    ).toBe('FORBIDDEN');
    expect(await codeOf(asOwner().wallet.adjust({ amount: 5, reason: 'no key' }))).toBe(
      'BAD_REQUEST',
    );
    expect(await codeOf(asOwner('a1').wallet.adjust({ amount: 0, reason: 'nothing' }))).toBe(
      'BAD_REQUEST',
    );
    expect(await codeOf(asOwner('a2').wallet.adjust({ amount: 1.5, reason: 'fraction' }))).toBe(
      'BAD_REQUEST',
    );
    expect(await codeOf(asOwner('a3').wallet.adjust({ amount: 5, reason: '' }))).toBe(
      'BAD_REQUEST',
    );
    expect(
      await codeOf(
        callerFor(staff, { 'idempotency-key': 'a4' }).wallet.adjust({ amount: 5, reason: 'staff' }),
      ),
    ).toBe('FORBIDDEN');
    expect(await asOwner().wallet.checkouts()).toHaveLength(0);
    expect(await ledgerOf(t.tenantId)).toHaveLength(0);
  });

  it('adjust: signed, audited, replayed for the same key, refused beyond the available credits', async () => {
    const credited = await asOwner('adj-1').wallet.adjust({
      amount: 50,
      reason: 'goodwill credit',
    });
    expect(credited).toMatchObject({
      kind: 'ADJUSTMENT',
      amount: 50,
      balanceAfter: 50,
      description: 'goodwill credit',
      created: true,
    });
    // The stored response (dates as JSON text), not a second adjustment.
    expect(
      await asOwner('adj-1').wallet.adjust({ amount: 50, reason: 'goodwill credit' }),
    ).toMatchObject({ id: credited.id, balanceAfter: 50 });
    expect(await ledgerOf(t.tenantId)).toHaveLength(1);
    const error = await asOwner('adj-2')
      .wallet.adjust({ amount: -51, reason: 'too much' })
      .then(
        () => null,
        (e: unknown) => e as TRPCError,
      );
    expect(error?.code).toBe('PRECONDITION_FAILED');
    const debited = await asOwner('adj-3').wallet.adjust({ amount: -20, reason: 'correction' });
    expect(debited).toMatchObject({ amount: -20, balanceAfter: 30 });
    expect((await asOwner().wallet.ledger({ limit: 1 })).items[0]).toMatchObject({
      id: debited.id,
    });
    const page2 = await asOwner().wallet.ledger({ limit: 1, cursor: debited.id });
    expect(page2.items[0]).toMatchObject({ id: credited.id });
    expect(page2.nextCursor).toBeNull();
    expect(await auditActions(t.tenantId, 'wallet.adjusted')).toHaveLength(2);
  });
});
