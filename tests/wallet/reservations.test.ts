// Reserve → settle → release → expire, one step at a time, with the books checked after each test.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withSystemTx, withTenantTx } from '../../src/server/db/tx';
import {
  InsufficientCreditError,
  ValidationError,
  ConflictError,
  NotFoundError,
} from '../../src/server/domain/errors';
import {
  expireReservations,
  getWalletSummary,
  listOpenReservations,
  releaseReservation,
  reserveCredits,
  ReservationClosedError,
  ReservationExceededError,
  settleReservation,
} from '../../src/server/domain/wallet';
import { createTenant, ownerQuery, type TestTenant } from '../helpers/fixtures';
import { expectBooksBalanced, grantCredits, ledgerOf } from './support';
import { runDueJobs } from '../kernel/support';

let t: TestTenant;
const inAnHour = () => new Date(Date.now() + 3_600_000);
const run = <T>(fn: Parameters<typeof withTenantTx<T>>[1]) => withTenantTx(t.tenantId, fn);
const reserve = (reservationKey: string, amount: number, expiresAt = inAnHour()) =>
  run((tx) =>
    reserveCredits(tx, {
      tenantId: t.tenantId,
      reservationKey,
      amount,
      expiresAt,
      purpose: 'campaign',
      subject: `campaign:${reservationKey}`,
    }),
  );
const settle = (reservationKey: string, debitKey: string, amount: number) =>
  run((tx) => settleReservation(tx, { tenantId: t.tenantId, reservationKey, debitKey, amount }));
const release = (reservationKey: string) =>
  run((tx) => releaseReservation(tx, { tenantId: t.tenantId, reservationKey }));
const summary = () => run((tx) => getWalletSummary(tx, { tenantId: t.tenantId }));
const rejection = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e,
  );

beforeEach(async () => {
  t = await createTenant('wallet');
  await grantCredits(t.tenantId, 100);
});
afterEach(async () => {
  await expectBooksBalanced(t.tenantId);
});

describe('reservations', () => {
  it('reserve, settle part, release the rest: SETTLED only when fully used', async () => {
    const { reservation, created } = await reserve('c1', 40);
    expect(created).toBe(true);
    expect(await summary()).toMatchObject({
      balance: 100,
      reserved: 40,
      available: 60,
      openReservations: 1,
    });

    const first = await settle('c1', 'c1:r1', 3);
    expect(first).toMatchObject({
      created: true,
      remaining: 37,
      entry: { kind: 'DEBIT', amount: -3, balanceAfter: 97, reservationId: reservation.id },
    });
    await settle('c1', 'c1:r2', 7);
    expect(await summary()).toMatchObject({ balance: 90, reserved: 30, available: 60 });

    const released = await release('c1');
    expect(released).toMatchObject({
      changed: true,
      released: 30,
      reservation: { status: 'RELEASED', settledAmount: 10, releasedAmount: 30 },
    });
    expect(await summary()).toMatchObject({
      balance: 90,
      reserved: 0,
      available: 90,
      openReservations: 0,
    });

    await reserve('c2', 5);
    await settle('c2', 'c2:r1', 5);
    expect((await release('c2')).reservation).toMatchObject({
      status: 'SETTLED',
      settledAmount: 5,
      releasedAmount: 0,
    });
    expect((await ledgerOf(t.tenantId)).map((r) => [r.kind, r.amount, r.balance_after])).toEqual([
      ['TOPUP', 100, 100],
      ['DEBIT', -3, 97],
      ['DEBIT', -7, 90],
      ['DEBIT', -5, 85],
    ]);
  });

  it('the same reservation key returns the existing reservation; another amount is a conflict', async () => {
    const a = await reserve('same', 30);
    const b = await reserve('same', 30);
    expect(b).toMatchObject({ created: false, reservation: { id: a.reservation.id } });
    expect(await rejection(reserve('same', 31))).toBeInstanceOf(ConflictError);
    expect(await summary()).toMatchObject({ reserved: 30, openReservations: 1 });
  });

  it('refuses what the wallet cannot cover with InsufficientCreditError and writes nothing', async () => {
    await reserve('big', 80);
    const error = await rejection(reserve('too-much', 21));
    expect(error).toBeInstanceOf(InsufficientCreditError);
    expect((error as InsufficientCreditError).details).toEqual({ required: 21, available: 20 });
    const rows = await ownerQuery(
      'SELECT 1 FROM credit_reservations WHERE tenant_id = $1 AND reservation_key = $2',
      [t.tenantId, 'too-much'],
    );
    expect(rows).toHaveLength(0);
    expect((await reserve('fits', 20)).created).toBe(true);
  });

  it('rejects bad amounts, keys and expiry as validation errors', async () => {
    expect(await rejection(reserve('neg', -1))).toBeInstanceOf(ValidationError);
    expect(await rejection(reserve('zero', 0))).toBeInstanceOf(ValidationError);
    expect(await rejection(reserve('frac', 1.5))).toBeInstanceOf(ValidationError);
    expect(await rejection(reserve('', 1))).toBeInstanceOf(ValidationError);
    expect(await rejection(reserve('past', 1, new Date(Date.now() - 1000)))).toBeInstanceOf(
      ValidationError,
    );
    await reserve('ok', 10);
    expect(await rejection(settle('ok', 'ok:1', 0))).toBeInstanceOf(ValidationError);
    expect(await rejection(settle('ok', 'ok:1', -2))).toBeInstanceOf(ValidationError);
    expect(await rejection(settle('missing', 'missing:1', 1))).toBeInstanceOf(NotFoundError);
    expect(await ledgerOf(t.tenantId)).toHaveLength(1);
  });

  it('one debit per debit key, never beyond the reservation, none after it closed', async () => {
    await reserve('r', 10);
    const first = await settle('r', 'r:1', 4);
    const again = await settle('r', 'r:1', 4);
    expect(again).toMatchObject({ created: false, entry: { id: first.entry.id } });
    expect(await rejection(settle('r', 'r:1', 5))).toBeInstanceOf(ConflictError);
    const beyond = await rejection(settle('r', 'r:2', 7));
    expect(beyond).toBeInstanceOf(ReservationExceededError);
    expect((beyond as ReservationExceededError).details).toMatchObject({
      requested: 7,
      remaining: 6,
    });
    await release('r');
    expect(await rejection(settle('r', 'r:3', 1))).toBeInstanceOf(ReservationClosedError);
    // A retried debit of a closed reservation still answers with the original debit.
    expect((await settle('r', 'r:1', 4)).entry.id).toBe(first.entry.id);
    expect((await ledgerOf(t.tenantId)).filter((r) => r.kind === 'DEBIT')).toHaveLength(1);
  });

  it('releasing twice releases once', async () => {
    await reserve('twice', 25);
    await settle('twice', 'twice:1', 5);
    expect(await release('twice')).toMatchObject({ changed: true, released: 20 });
    expect(await release('twice')).toMatchObject({
      changed: false,
      released: 0,
      reservation: { status: 'RELEASED', releasedAmount: 20 },
    });
    expect(await summary()).toMatchObject({ balance: 95, reserved: 0, available: 95 });
  });

  it('expireReservations closes what is past its expiry (EXPIRED, or SETTLED if fully used) and counts it', async () => {
    const soon = new Date(Date.now() + 60_000);
    await reserve('late', 30, soon);
    await settle('late', 'late:1', 10);
    await reserve('used-up', 5, soon);
    await settle('used-up', 'used-up:1', 5);
    await reserve('fresh', 10);
    const later = new Date(Date.now() + 120_000);
    const swept = await withSystemTx((tx) => expireReservations(tx, { now: later }));
    expect(swept).toMatchObject({
      expired: 1,
      settled: 1,
      releasedCredits: 20,
      tenants: 1,
      hasMore: false,
    });
    const open = await run((tx) => listOpenReservations(tx, { tenantId: t.tenantId }));
    expect(open.map((r) => r.reservationKey)).toEqual(['fresh']);
    const [late] = await ownerQuery<{ status: string; released_amount: number }>(
      'SELECT status::text AS status, released_amount FROM credit_reservations WHERE reservation_key = $1 AND tenant_id = $2',
      ['late', t.tenantId],
    );
    expect(late).toEqual({ status: 'EXPIRED', released_amount: 20 });
    // Sweeping again finds nothing; an expired reservation takes no debit.
    expect(await withSystemTx((tx) => expireReservations(tx, { now: later }))).toMatchObject({
      expired: 0,
      settled: 0,
      releasedCredits: 0,
    });
    expect(await rejection(settle('late', 'late:2', 1))).toBeInstanceOf(ReservationClosedError);
    expect(await summary()).toMatchObject({ balance: 85, reserved: 10, available: 75 });
  });
});

describe('the wallet.expire-reservations task', () => {
  it('closes expired reservations when the worker runs it (as its cron tick would)', async () => {
    await reserve('cron', 15, new Date(Date.now() + 300));
    await new Promise((resolve) => setTimeout(resolve, 400));
    await ownerQuery(`SELECT graphile_worker.add_job('wallet.expire-reservations', '{}'::json)`);
    await runDueJobs();
    expect(await summary()).toMatchObject({
      balance: 100,
      reserved: 0,
      available: 100,
      openReservations: 0,
    });
    const [row] = await ownerQuery<{ status: string }>(
      'SELECT status::text AS status FROM credit_reservations WHERE reservation_key = $1 AND tenant_id = $2',
      ['cron', t.tenantId],
    );
    expect(row!.status).toBe('EXPIRED');
  });
});
