// One pg pool and one Prisma client per process, connected as the non-owner app role.
// Kept on globalThis: Next's bundles and the custom server load this module separately
// and must share one pool (and dev-mode reloads must not leak pools).
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client';
import { getEnv } from '../env';
import { getAppUrl } from './urls';
import { registerPool } from '../obs/metrics';

type DbGlobals = { pool?: pg.Pool; prisma?: PrismaClient };
const store = globalThis as typeof globalThis & { __switchboardDb?: DbGlobals };
const db = (store.__switchboardDb ??= {});

export function getPool(): pg.Pool {
  if (!db.pool) {
    db.pool = new pg.Pool({
      connectionString: getAppUrl(),
      max: getEnv().DB_POOL_MAX,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
      application_name: `switchboard-${process.env.SWITCHBOARD_PROCESS ?? 'web'}`,
    });
    // A dropped idle connection (e.g. Postgres restart) must not crash the process.
    db.pool.on('error', () => undefined);
    registerPool('app', () => db.pool);
  }
  return db.pool;
}

export function getPrisma(): PrismaClient {
  db.prisma ??= new PrismaClient({
    adapter: new PrismaPg(getPool()),
    transactionOptions: { maxWait: 5_000, timeout: 30_000 },
  });
  return db.prisma;
}

/** Used by tests and graceful shutdown. */
export async function closeDb(): Promise<void> {
  const { prisma, pool } = db;
  db.prisma = undefined;
  db.pool = undefined;
  await prisma?.$disconnect();
  await pool?.end();
}
