// The gauges the alert rules need, read from a real database: worker_heartbeat_age_seconds,
// credit_reservations_expired_open, db_pool_max beside in_use/waiting, and one database read per
// scrape for all job gauges together.
import type pg from 'pg';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getPool } from '../../src/server/db/client';
import { withSystemTx, withTenantTx } from '../../src/server/db/tx';
import { getEnv } from '../../src/server/env';
import { getJobStats } from '../../src/server/domain/jobs/queue-stats';
import { creditTopUp, expireReservations, reserveCredits } from '../../src/server/domain/wallet';
import { getRegistry, registerJobStats } from '../../src/server/obs/metrics';
import { createTenant, ownerQuery } from '../helpers/fixtures';
import { metricValue } from '../helpers/metrics';

const JOB_GAUGES = [
  'queue_depth',
  'dead_letters',
  'stuck_jobs',
  'stuck_campaigns',
  'worker_heartbeat_age_seconds',
  'credit_reservations_expired_open',
  'recording_sessions_active',
];

let reads = 0;
beforeAll(() =>
  registerJobStats(() => {
    reads += 1;
    return withSystemTx((tx) => getJobStats(tx));
  }),
);

const gauge = (name: string) => metricValue(name, {});

describe('worker_heartbeat_age_seconds', () => {
  afterEach(() => ownerQuery('DELETE FROM worker_heartbeats'));

  it('is -1 while no worker has a heartbeat row', async () => {
    await ownerQuery('DELETE FROM worker_heartbeats');
    expect(await gauge('worker_heartbeat_age_seconds')).toBe(-1);
  });

  it('is the age of the newest heartbeat, by the database clock', async () => {
    await ownerQuery(
      `INSERT INTO worker_heartbeats (worker_id, hostname, pid, started_at, beat_at)
       VALUES ('stale', 'host-a', 1, now() - interval '1 hour', now() - interval '120 seconds'),
              ('older', 'host-b', 2, now() - interval '1 hour', now() - interval '300 seconds')`,
    );
    const age = await gauge('worker_heartbeat_age_seconds');
    expect(age).toBeGreaterThanOrEqual(120);
    expect(age).toBeLessThan(130);
  });
});

describe('credit_reservations_expired_open', () => {
  it('counts PENDING reservations past expires_at, and drops to 0 once the sweep closes them', async () => {
    const tenant = await createTenant();
    await withTenantTx(tenant.tenantId, async (tx) => {
      await creditTopUp(tx, {
        tenantId: tenant.tenantId,
        idempotencyKey: 'grant',
        credits: 100,
        description: 'test grant',
      });
      for (const key of ['expired-1', 'expired-2', 'still-valid'])
        await reserveCredits(tx, {
          tenantId: tenant.tenantId,
          reservationKey: key,
          amount: 10,
          expiresAt: new Date(Date.now() + 3_600_000),
          purpose: 'campaign',
          subject: `campaign:${key}`,
        });
    });
    expect(await gauge('credit_reservations_expired_open')).toBe(0);

    await ownerQuery(
      `UPDATE credit_reservations SET expires_at = now() - interval '1 minute'
        WHERE reservation_key LIKE 'expired-%'`,
    );
    expect(await gauge('credit_reservations_expired_open')).toBe(2);

    await withSystemTx((tx) => expireReservations(tx, { now: new Date() }));
    expect(await gauge('credit_reservations_expired_open')).toBe(0);
  });
});

describe('one read per scrape', () => {
  it('serves every job gauge of a scrape from one stats read, and reads again next scrape', async () => {
    const before = reads;
    const text = await getRegistry().metrics();
    expect(reads - before).toBe(1);
    for (const name of JOB_GAUGES) expect(text).toMatch(new RegExp(`^${name} -?\\d+`, 'm'));

    await getRegistry().getMetricsAsJSON();
    expect(reads - before).toBe(2);
  });
});

describe('db_pool_max', () => {
  it('reports the configured max, so in_use / max and waiting show an exhausted pool', async () => {
    const pool = getPool();
    const max = getEnv().DB_POOL_MAX;
    const held: pg.PoolClient[] = [];
    for (let i = 0; i < max; i++) held.push(await pool.connect());
    const waiting = pool.connect();
    try {
      expect(await metricValue('db_pool_max', { pool: 'app' })).toBe(max);
      expect(await metricValue('db_pool_in_use', { pool: 'app' })).toBe(max);
      expect(await metricValue('db_pool_waiting', { pool: 'app' })).toBe(1);
    } finally {
      for (const client of held) client.release();
      (await waiting).release();
    }
    expect(await metricValue('db_pool_waiting', { pool: 'app' })).toBe(0);
    expect(await metricValue('db_pool_max', { pool: 'app' })).toBe(max);
  });
});
