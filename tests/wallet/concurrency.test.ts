// Real concurrency: every caller is its own transaction on its own pooled connection. The wallet
// lock orders them; the database's CHECKs and triggers would refuse anything the lock let through.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withTenantTx } from '../../src/server/db/tx';
import { resetEnvForTests } from '../../src/server/env';
import { InsufficientCreditError } from '../../src/server/domain/errors';
import {
  creditTopUp,
  getWalletSummary,
  releaseReservation,
  reserveCredits,
  settleReservation,
} from '../../src/server/domain/wallet';
import { createTenant, ownerQuery, type TestTenant } from '../helpers/fixtures';
import { expectBooksBalanced, grantCredits, ledgerOf } from './support';

// 20 concurrent transactions plus the test's own need their own connections at once.
process.env.DB_POOL_MAX = '30';
resetEnvForTests();

let t: TestTenant;
const inAnHour = () => new Date(Date.now() + 3_600_000);
const tx = <T>(fn: Parameters<typeof withTenantTx<T>>[1]) =>
  withTenantTx(t.tenantId, fn, { timeoutMs: 30_000 });

beforeEach(async () => {
  t = await createTenant('wallet-race');
});
afterEach(async () => {
  await expectBooksBalanced(t.tenantId);
});

describe('wallet under concurrency', () => {
  it('20 concurrent reservations against a balance that covers 7: exactly 7 succeed, available never below zero', async () => {
    await grantCredits(t.tenantId, 70);
    // A watcher samples the account while the race runs: reserved never exceeds the balance.
    let racing = true;
    const samples: number[] = [];
    const watcher = (async () => {
      while (racing) {
        const [row] = await ownerQuery<{ available: number }>(
          'SELECT balance - reserved AS available FROM credit_accounts WHERE tenant_id = $1',
          [t.tenantId],
        );
        samples.push(row!.available);
      }
    })();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        tx((db) =>
          reserveCredits(db, {
            tenantId: t.tenantId,
            reservationKey: `race-${i}`,
            amount: 10,
            expiresAt: inAnHour(),
            purpose: 'campaign',
            subject: `campaign:${i}`,
          }),
        ),
      ),
    );
    racing = false;
    await watcher;
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(won).toHaveLength(7);
    expect(lost).toHaveLength(13);
    for (const l of lost) expect(l.reason).toBeInstanceOf(InsufficientCreditError);
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(0);
    expect(await tx((db) => getWalletSummary(db, { tenantId: t.tenantId }))).toMatchObject({
      balance: 70,
      reserved: 70,
      available: 0,
      openReservations: 7,
    });
    const [count] = await ownerQuery<{ n: number }>(
      'SELECT count(*)::int AS n FROM credit_reservations WHERE tenant_id = $1',
      [t.tenantId],
    );
    expect(count!.n).toBe(7);
  });

  it('the same debit key settled 10 times at once debits once', async () => {
    await grantCredits(t.tenantId, 50);
    await tx((db) =>
      reserveCredits(db, {
        tenantId: t.tenantId,
        reservationKey: 'camp',
        amount: 20,
        expiresAt: inAnHour(),
        purpose: 'campaign',
        subject: 'campaign:camp',
      }),
    );
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        tx((db) =>
          settleReservation(db, {
            tenantId: t.tenantId,
            reservationKey: 'camp',
            debitKey: 'camp:recipient-1',
            amount: 2,
          }),
        ),
      ),
    );
    expect(new Set(results.map((r) => r.entry.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect((await ledgerOf(t.tenantId)).filter((r) => r.kind === 'DEBIT')).toHaveLength(1);
    expect(await tx((db) => getWalletSummary(db, { tenantId: t.tenantId }))).toMatchObject({
      balance: 48,
      reserved: 18,
      available: 30,
    });
  });

  it('different debit keys racing for the last credits of a reservation never overdraw it', async () => {
    await grantCredits(t.tenantId, 50);
    await tx((db) =>
      reserveCredits(db, {
        tenantId: t.tenantId,
        reservationKey: 'tight',
        amount: 5,
        expiresAt: inAnHour(),
        purpose: 'campaign',
        subject: 'campaign:tight',
      }),
    );
    const outcomes = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        tx((db) =>
          settleReservation(db, {
            tenantId: t.tenantId,
            reservationKey: 'tight',
            debitKey: `tight:${i}`,
            amount: 1,
          }),
        ),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(5);
    expect(await tx((db) => getWalletSummary(db, { tenantId: t.tenantId }))).toMatchObject({
      balance: 45,
      reserved: 0,
      available: 45,
    });
  });

  it('releasing the same reservation 10 times at once releases once', async () => {
    await grantCredits(t.tenantId, 30);
    await tx((db) =>
      reserveCredits(db, {
        tenantId: t.tenantId,
        reservationKey: 'rel',
        amount: 30,
        expiresAt: inAnHour(),
        purpose: 'campaign',
        subject: 'campaign:rel',
      }),
    );
    await tx((db) =>
      settleReservation(db, {
        tenantId: t.tenantId,
        reservationKey: 'rel',
        debitKey: 'rel:1',
        amount: 4,
      }),
    );
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        tx((db) => releaseReservation(db, { tenantId: t.tenantId, reservationKey: 'rel' })),
      ),
    );
    expect(results.filter((r) => r.changed)).toHaveLength(1);
    expect(results.reduce((sum, r) => sum + r.released, 0)).toBe(26);
    expect(await tx((db) => getWalletSummary(db, { tenantId: t.tenantId }))).toMatchObject({
      balance: 26,
      reserved: 0,
      available: 26,
    });
  });

  it('the same top-up key credited 10 times at once credits once', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        tx((db) =>
          creditTopUp(db, {
            tenantId: t.tenantId,
            idempotencyKey: 'stripe:evt_same',
            credits: 1000,
          }),
        ),
      ),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await ledgerOf(t.tenantId)).toHaveLength(1);
    expect(await tx((db) => getWalletSummary(db, { tenantId: t.tenantId }))).toMatchObject({
      balance: 1000,
    });
  });
});
