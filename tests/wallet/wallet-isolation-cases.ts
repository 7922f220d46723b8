// Cross-tenant cases for every wallet.* procedure, shaped for tests/tenant-isolation.test.ts
// (spread `...walletIsolationCases(() => ({ a, b }))` into its `cases`), and run on their own by
// tests/wallet/wallet-isolation.test.ts. Tenant A has credits, a reservation, an open checkout
// and an adjustment; tenant B's owner reads and writes and never sees or touches any of them.
import { expect } from 'vitest';
import { TRPCError } from '@trpc/server';
import { withTenantTx } from '../../src/server/db/tx';
import { reserveCredits } from '../../src/server/domain/wallet';
import { callerFor, ownerQuery, type TestTenant } from '../helpers/fixtures';
import { grantCredits } from './support';

type Tenants = () => { a: TestTenant; b: TestTenant };
type AFixtures = { checkoutSessionId: string; adjustmentId: string; reservationKey: string };

export function walletIsolationCases(tenants: Tenants): Record<string, () => Promise<void>> {
  let fixtures: Promise<AFixtures> | undefined;
  const aFixtures = () =>
    (fixtures ??= (async () => {
      const { a } = tenants();
      await grantCredits(a.tenantId, 500, 'isolation-grant');
      const reservationKey = 'isolation-campaign-a';
      await withTenantTx(a.tenantId, (tx) =>
        reserveCredits(tx, {
          tenantId: a.tenantId,
          reservationKey,
          amount: 120,
          expiresAt: new Date(Date.now() + 3_600_000),
          purpose: 'campaign',
          subject: 'campaign:a',
        }),
      );
      const checkout = await callerFor(a.owner, {
        'idempotency-key': 'iso-a-topup',
      }).wallet.startTopUp({ packId: 'credits-1000' });
      const adjustment = await callerFor(a.owner, {
        'idempotency-key': 'iso-a-adjust',
      }).wallet.adjust({ amount: 7, reason: 'isolation fixture' });
      return {
        checkoutSessionId: checkout.checkoutSessionId,
        adjustmentId: adjustment.id,
        reservationKey,
      };
    })());
  const asB = (key?: string) => callerFor(tenants().b.owner, key ? { 'idempotency-key': key } : {});
  const aBalance = async () => (await callerFor(tenants().a.owner).wallet.summary()).balance;

  return {
    'wallet.summary': async () => {
      await aFixtures();
      expect(await asB().wallet.summary()).toMatchObject({ reserved: 0, openReservations: 0 });
      expect(await callerFor(tenants().a.owner).wallet.summary()).toMatchObject({
        reserved: 120,
        openReservations: 1,
      });
    },
    'wallet.ledger': async () => {
      const { adjustmentId } = await aFixtures();
      expect((await asB().wallet.ledger({ limit: 200 })).items.map((e) => e.id)).not.toContain(
        adjustmentId,
      );
      // A's entry id as B's cursor finds nothing to continue from.
      expect((await asB().wallet.ledger({ limit: 10, cursor: adjustmentId })).items).toEqual([]);
    },
    'wallet.statement': async () => {
      await aFixtures();
      const mine = await asB().wallet.statement({});
      expect(mine.map((l) => l.description).join(' ')).not.toContain('isolation fixture');
      expect(
        (await callerFor(tenants().a.owner).wallet.statement({ kinds: ['ADJUSTMENT'] })).map(
          (l) => l.amount,
        ),
      ).toContain(7);
    },
    'wallet.reservations': async () => {
      const { reservationKey } = await aFixtures();
      expect((await asB().wallet.reservations()).map((r) => r.reservationKey)).not.toContain(
        reservationKey,
      );
    },
    'wallet.packs': async () => {
      // Server-side constants: the same for every tenant, carrying no tenant data.
      const packs = await asB().wallet.packs();
      expect(packs.packs.length).toBeGreaterThan(0);
      expect(JSON.stringify(packs)).not.toContain(tenants().a.tenantId);
    },
    'wallet.checkouts': async () => {
      const { checkoutSessionId } = await aFixtures();
      expect((await asB().wallet.checkouts()).map((c) => c.checkoutSessionId)).not.toContain(
        checkoutSessionId,
      );
    },
    'wallet.startTopUp': async () => {
      await aFixtures();
      // The same Idempotency-Key A used: B gets its own session, in its own tenant.
      const created = await asB('iso-a-topup').wallet.startTopUp({ packId: 'credits-1000' });
      const [row] = await ownerQuery<{ tenant_id: string }>(
        'SELECT tenant_id FROM billing_transactions WHERE checkout_session_id = $1',
        [created.checkoutSessionId],
      );
      expect(row?.tenant_id).toBe(tenants().b.tenantId);
    },
    'wallet.adjust': async () => {
      await aFixtures();
      const before = await aBalance();
      const created = await asB('iso-a-adjust').wallet.adjust({ amount: 3, reason: 'B adjusts B' });
      const [row] = await ownerQuery<{ tenant_id: string }>(
        'SELECT tenant_id FROM credit_transactions WHERE id = $1',
        [created.id],
      );
      expect(row?.tenant_id).toBe(tenants().b.tenantId);
      expect(await aBalance()).toBe(before);
    },
    'wallet.completeSimulatedCheckout': async () => {
      const { checkoutSessionId } = await aFixtures();
      const error = await asB()
        .wallet.completeSimulatedCheckout({ checkoutSessionId })
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe('NOT_FOUND');
      const [row] = await ownerQuery<{ status: string }>(
        'SELECT status::text AS status FROM billing_transactions WHERE checkout_session_id = $1',
        [checkoutSessionId],
      );
      expect(row?.status).toBe('OPEN');
    },
  };
}
