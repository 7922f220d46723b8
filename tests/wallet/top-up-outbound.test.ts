// startTopUp and completeSimulatedCheckout call out (Stripe; the simulator's POST to our webhook
// endpoint): no database transaction may be open while they wait, and the Idempotency-Key keeps
// its meaning (same key → same answer, one session, one row) around the call.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TRPCError } from '@trpc/server';
import { getCheckoutSimulator } from '../../src/server/simulators/clients';
import { callerFor, createTenant, ownerQuery, type TestTenant } from '../helpers/fixtures';
import { createConnection } from '../webhooks/helpers';
import { runDueJobs } from '../kernel/support';
import { auditActions, expectBooksBalanced, stripeEndpointForFile } from './support';

stripeEndpointForFile();
let t: TestTenant;

beforeEach(async () => {
  t = await createTenant('outbound');
  await createConnection(t, 'stripe');
});
afterEach(async () => {
  vi.restoreAllMocks();
  await expectBooksBalanced(t.tenantId);
});

const asOwner = (key?: string) => callerFor(t.owner, key ? { 'idempotency-key': key } : {});
const codeOf = async (p: Promise<unknown>) => {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return (error as TRPCError).code;
};

/** Connections of this test database sitting in an open transaction right now. */
async function openTransactions(): Promise<number> {
  const [row] = await ownerQuery<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
  );
  return row!.n;
}

/** The active simulator (the same instance the domain uses) and its real methods. */
function simulator() {
  const active = getCheckoutSimulator();
  if (!active) throw new Error('the Checkout simulator is not active');
  return {
    active,
    create: active.createCheckoutSession.bind(active),
    complete: active.completeCheckout.bind(active),
  };
}

const checkoutRows = () =>
  ownerQuery<{ checkout_session_id: string }>(
    'SELECT checkout_session_id FROM billing_transactions WHERE tenant_id = $1',
    [t.tenantId],
  );

describe('provider calls happen outside any transaction', () => {
  it('startTopUp: no transaction is open while Stripe creates the session', async () => {
    const seen: number[] = [];
    const { active, create } = simulator();
    vi.spyOn(active, 'createCheckoutSession').mockImplementation(async (input) => {
      seen.push(await openTransactions());
      return create(input);
    });
    const checkout = await asOwner('tx-free').wallet.startTopUp({ packId: 'credits-1000' });
    expect(seen).toEqual([0]);
    expect(checkout).toMatchObject({ status: 'OPEN', credits: 1000, mode: 'simulator' });
    expect((await checkoutRows()).map((r) => r.checkout_session_id)).toEqual([
      checkout.checkoutSessionId,
    ]);
  });

  it('completeSimulatedCheckout: no transaction is open while the event is POSTed', async () => {
    const checkout = await asOwner('pay-me').wallet.startTopUp({ packId: 'credits-1000' });
    const seen: number[] = [];
    const { active, complete } = simulator();
    vi.spyOn(active, 'completeCheckout').mockImplementation(async (input) => {
      seen.push(await openTransactions());
      return complete(input);
    });
    const paid = await asOwner().wallet.completeSimulatedCheckout({
      checkoutSessionId: checkout.checkoutSessionId,
    });
    expect(seen).toEqual([0]);
    expect(paid).toMatchObject({ delivered: true });
    await runDueJobs();
    expect(await asOwner().wallet.summary()).toMatchObject({ balance: 1000 });
    expect(await auditActions(t.tenantId, 'wallet.checkout_simulated_payment')).toHaveLength(1);
  });
});

describe('Idempotency-Key around the call', () => {
  it('the same key replays the stored answer without calling Stripe again; other input is 422', async () => {
    const create = vi.spyOn(simulator().active, 'createCheckoutSession');
    const first = await asOwner('same').wallet.startTopUp({ packId: 'credits-5000' });
    const again = await asOwner('same').wallet.startTopUp({ packId: 'credits-5000' });
    expect(again).toEqual(JSON.parse(JSON.stringify(first)));
    expect(create).toHaveBeenCalledTimes(1);
    expect(await codeOf(asOwner('same').wallet.startTopUp({ packId: 'credits-1000' }))).toBe(
      'UNPROCESSABLE_CONTENT',
    );
    expect(await checkoutRows()).toHaveLength(1);
    expect(await auditActions(t.tenantId, 'wallet.checkout_started')).toHaveLength(1);
  });

  it('a call that fails after Stripe answered is retried with the same key: same session, one row', async () => {
    const { active, create } = simulator();
    const sessions: string[] = [];
    vi.spyOn(active, 'createCheckoutSession')
      .mockImplementationOnce(async (input) => {
        sessions.push((await create(input)).id);
        throw new Error('connection reset while reading the response');
      })
      .mockImplementation(async (input) => {
        const session = await create(input);
        sessions.push(session.id);
        return session;
      });
    expect(await codeOf(asOwner('lost').wallet.startTopUp({ packId: 'credits-1000' }))).toBe(
      'INTERNAL_SERVER_ERROR',
    );
    expect(await checkoutRows()).toEqual([]);
    const retried = await asOwner('lost').wallet.startTopUp({ packId: 'credits-1000' });
    expect(sessions).toEqual([retried.checkoutSessionId, retried.checkoutSessionId]);
    expect(await checkoutRows()).toHaveLength(1);
  });

  it('concurrent calls with one key: every answer names the same session; one row, one audit', async () => {
    const calls = await Promise.allSettled(
      Array.from({ length: 4 }, () =>
        asOwner('twins').wallet.startTopUp({ packId: 'credits-1000' }),
      ),
    );
    const answered = calls.flatMap((c) => (c.status === 'fulfilled' ? [c.value] : []));
    const refused = calls.flatMap((c) => (c.status === 'rejected' ? [c.reason as unknown] : []));
    expect(answered.length).toBeGreaterThan(0);
    // A twin caught inside another's short check is told to retry (409), never given a new session.
    for (const e of refused) expect((e as TRPCError).code).toBe('CONFLICT');
    expect(new Set(answered.map((a) => a.checkoutSessionId)).size).toBe(1);
    expect(await checkoutRows()).toHaveLength(1);
    expect(await auditActions(t.tenantId, 'wallet.checkout_started')).toHaveLength(1);
  });
});
