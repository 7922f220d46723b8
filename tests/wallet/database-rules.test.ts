// What the database enforces on its own, without the wallet lock or the domain code: SQL written
// straight at the tables, as the app role, is refused whenever it would break the books.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withTenantTx } from '../../src/server/db/tx';
import { reserveCredits, settleReservation } from '../../src/server/domain/wallet';
import { createTenant, type TestTenant } from '../helpers/fixtures';
import { expectBooksBalanced, grantCredits } from './support';

let t: TestTenant;
const raw = (sql: string, ...values: unknown[]) =>
  withTenantTx(t.tenantId, (tx) => tx.$executeRawUnsafe(sql, ...values));
const refused = (p: Promise<unknown>) =>
  p.then(
    () => '',
    (e: unknown) => String((e as Error).message),
  );

beforeEach(async () => {
  t = await createTenant('wallet-db');
  await grantCredits(t.tenantId, 100);
  await withTenantTx(t.tenantId, async (tx) => {
    await reserveCredits(tx, {
      tenantId: t.tenantId,
      reservationKey: 'held',
      amount: 60,
      expiresAt: new Date(Date.now() + 3_600_000),
      purpose: 'campaign',
      subject: 'campaign:held',
    });
    await settleReservation(tx, {
      tenantId: t.tenantId,
      reservationKey: 'held',
      debitKey: 'held:1',
      amount: 10,
    });
  });
});
afterEach(async () => {
  await expectBooksBalanced(t.tenantId);
});

const insertReservation = (key: string, amount: number) =>
  raw(
    `INSERT INTO credit_reservations (tenant_id, reservation_key, amount, purpose, subject, expires_at) VALUES ($1::uuid, $2, $3, 'x', 'x', now() + interval '1 hour')`,
    t.tenantId,
    key,
    amount,
  );
const insertLedger = (
  key: string,
  kind: string,
  amount: number,
  balanceAfter: number,
  reservationId: string | null = null,
) =>
  raw(
    `INSERT INTO credit_transactions (tenant_id, idempotency_key, kind, amount, balance_after, reservation_id) VALUES ($1::uuid, $2, $3::"CreditTransactionKind", $4, $5, $6::uuid)`,
    t.tenantId,
    key,
    kind,
    amount,
    balanceAfter,
    reservationId,
  );

describe('the database keeps the wallet rules by itself', () => {
  it('refuses a reservation beyond the available credits (reserved <= balance)', async () => {
    expect(await refused(insertReservation('sneaky', 41))).toContain(
      'credit_accounts_available_non_negative',
    );
    expect(await refused(insertReservation('fits', 40))).toBe('');
  });

  it('refuses editing the balance or reserved outside the ledger', async () => {
    expect(
      await refused(
        raw(
          'UPDATE credit_accounts SET balance = balance + 1000 WHERE tenant_id = $1::uuid',
          t.tenantId,
        ),
      ),
    ).toContain('only through credit_transactions');
    expect(
      await refused(
        raw('UPDATE credit_accounts SET reserved = 0 WHERE tenant_id = $1::uuid', t.tenantId),
      ),
    ).toContain('only through credit_transactions');
  });

  it('refuses a ledger row whose balance_after is not the resulting balance, and edits of the ledger', async () => {
    expect(await refused(insertLedger('wrong-after', 'ADJUSTMENT', 5, 999))).toContain(
      'does not match the account balance',
    );
    expect(await refused(insertLedger('right-after', 'ADJUSTMENT', 5, 95))).toBe('');
    expect(
      await refused(
        raw('UPDATE credit_transactions SET amount = 1 WHERE tenant_id = $1::uuid', t.tenantId),
      ),
    ).toContain('append-only');
  });

  it('refuses debits without an open reservation, beyond it, and with the wrong sign', async () => {
    const [row] = await withTenantTx(t.tenantId, (tx) =>
      tx.$queryRawUnsafe<{ id: string }[]>(
        `SELECT id FROM credit_reservations WHERE reservation_key = 'held'`,
      ),
    );
    // The row's own CHECK refuses it before the ledger trigger would.
    expect(await refused(insertLedger('no-res', 'DEBIT', -1, 89))).toContain(
      'credit_transactions_debit_has_reservation',
    );
    expect(await refused(insertLedger('topup-with-res', 'TOPUP', 1, 91, row!.id))).toContain(
      'credit_transactions_debit_has_reservation',
    );
    expect(await refused(insertLedger('beyond', 'DEBIT', -51, 39, row!.id))).toContain(
      'credit_reservations_settled_within_amount',
    );
    expect(await refused(insertLedger('positive-debit', 'DEBIT', 5, 95, row!.id))).toContain(
      'credit_transactions_amount_sign',
    );
    expect(await refused(insertLedger('negative-topup', 'TOPUP', -5, 85))).toContain(
      'credit_transactions_amount_sign',
    );
    expect(
      await refused(
        raw(`UPDATE credit_reservations SET settled_amount = 0 WHERE reservation_key = 'held'`),
      ),
    ).toContain('only through DEBIT');
  });

  it('a closed reservation is final: released once, never reopened', async () => {
    expect(
      await refused(
        raw(
          `UPDATE credit_reservations SET status = 'RELEASED', released_amount = 10, closed_at = now() WHERE reservation_key = 'held'`,
        ),
      ),
    ).toContain('credit_reservations_closed_state');
    expect(
      await refused(
        raw(
          `UPDATE credit_reservations SET status = 'RELEASED', released_amount = 50, closed_at = now() WHERE reservation_key = 'held'`,
        ),
      ),
    ).toBe('');
    expect(
      await refused(
        raw(
          `UPDATE credit_reservations SET status = 'PENDING', released_amount = 0, closed_at = NULL WHERE reservation_key = 'held'`,
        ),
      ),
    ).toContain('is closed');
    const [row] = await withTenantTx(t.tenantId, (tx) =>
      tx.$queryRawUnsafe<{ id: string }[]>(
        `SELECT id FROM credit_reservations WHERE reservation_key = 'held'`,
      ),
    );
    expect(await refused(insertLedger('after-close', 'DEBIT', -1, 89, row!.id))).toContain(
      'a debit needs an open reservation',
    );
  });

  it('checks a many-row statement row by row against the running balance, in order', async () => {
    const [row] = await withTenantTx(t.tenantId, (tx) =>
      tx.$queryRawUnsafe<{ id: string }[]>(
        `SELECT id FROM credit_reservations WHERE reservation_key = 'held'`,
      ),
    );
    const insertTwo = (second: number) =>
      raw(
        `INSERT INTO credit_transactions (tenant_id, idempotency_key, kind, amount, balance_after, reservation_id)
         SELECT $1::uuid, k, 'DEBIT', -5, b, $2::uuid FROM unnest(ARRAY['two:' || $3 || ':a', 'two:' || $3 || ':b'], ARRAY[85, $4::int]) WITH ORDINALITY AS x(k, b, o) ORDER BY o`,
        t.tenantId,
        row!.id,
        String(second),
        second,
      );
    expect(await refused(insertTwo(85))).toContain(
      'balance_after 85 does not match the account balance 80',
    );
    expect(await refused(insertTwo(80))).toBe('');
    const [res] = await withTenantTx(t.tenantId, (tx) =>
      tx.$queryRawUnsafe<{ settled_amount: number }[]>(
        `SELECT settled_amount FROM credit_reservations WHERE reservation_key = 'held'`,
      ),
    );
    expect(res?.settled_amount).toBe(20);
    expect(await refused(insertLedger('beyond-rest', 'DEBIT', -41, 39, row!.id))).toContain(
      'credit_reservations_settled_within_amount',
    );
  });
});
