// Shared by the bench and the in-process profiler: a fresh database (embedded Postgres, or a
// fresh database on DATABASE_URL's server), migrated, with one tenant and one Stripe connection.
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export type BenchDatabase = {
  runId: string;
  dbUrl: string;
  secretsKey: string;
  connection: { path: string; secret: string };
  counts: () => Promise<{ stored: number; jobs: number }>;
  /** Summed CPU seconds of every postgres process of this cluster (embedded only; null otherwise). */
  postgresCpuSeconds: () => Promise<number | null>;
  /** Waits for the database to be quiet again after an overload phase (see the function). */
  settle: () => Promise<{ waitedMs: number }>;
  drop: () => Promise<void>;
};

export async function createBenchDatabase(root: string): Promise<BenchDatabase> {
  const runId = randomBytes(4).toString('hex');
  const secretsKey = randomBytes(32).toString('hex');
  const { startEmbeddedPostgres } = await import('../../src/server/db/embedded');
  let stopPostgres: () => Promise<void> = () => Promise.resolve();
  let adminUrl: string;
  let clusterDir: string | null = null;
  if (process.env.DATABASE_URL) {
    adminUrl = Object.assign(new URL(process.env.DATABASE_URL), {
      pathname: '/postgres',
    }).toString();
  } else {
    clusterDir = path.join(root, `.data/bench-pg-${runId}`);
    const cluster = await startEmbeddedPostgres({
      dir: clusterDir,
      port: 56000 + Math.floor(Math.random() * 3000),
      ephemeral: true,
    });
    stopPostgres = cluster.stop;
    adminUrl = cluster.urlFor('postgres');
  }
  const dbName = `sb_bench_${runId}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const dbUrl = Object.assign(new URL(adminUrl), { pathname: `/${dbName}` }).toString();
  Object.assign(process.env, {
    DATABASE_URL: dbUrl,
    SECRETS_ENCRYPTION_KEY: secretsKey,
    LOG_LEVEL: 'silent',
  });

  const { migrate } = await import('../../src/server/db/migrate');
  await migrate({
    ownerUrl: dbUrl,
    appPassword: process.env.APP_DB_PASSWORD ?? 'switchboard-app-dev',
  });

  const { withSystemTx, withTenantTx } = await import('../../src/server/db/tx');
  const { createWebhookConnection } =
    await import('../../src/server/domain/connections/connections');
  const { closeDb } = await import('../../src/server/db/client');
  const seeded = await withSystemTx(async (tx) => {
    const tenant = await tx.tenant.create({
      data: { slug: `bench-${runId}`, name: 'Bench' },
      select: { id: true },
    });
    const user = await tx.user.create({
      data: { email: `bench-${runId}@bench.test`, name: 'Bench' },
      select: { id: true },
    });
    await tx.membership.create({ data: { tenantId: tenant.id, userId: user.id, role: 'OWNER' } });
    return { tenantId: tenant.id, userId: user.id };
  });
  const connection = await withTenantTx(seeded.tenantId, (tx) =>
    createWebhookConnection(
      tx,
      { userId: seeded.userId, tenantId: seeded.tenantId },
      { provider: 'stripe', label: 'bench' },
    ),
  );
  await closeDb();

  const counts = async () => {
    const owner = new pg.Client({ connectionString: dbUrl });
    await owner.connect();
    try {
      const stored =
        (
          await owner.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM webhook_events WHERE status = 'RECEIVED'`,
          )
        ).rows[0]?.n ?? 0;
      const jobs =
        (
          await owner.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM graphile_worker._private_jobs`,
          )
        ).rows[0]?.n ?? 0;
      return { stored, jobs };
    } finally {
      await owner.end();
    }
  };

  const postgresCpuSeconds = async (): Promise<number | null> => {
    if (!clusterDir) return null;
    const { readdir, readFile } = await import('node:fs/promises');
    const postmaster = Number(
      (await readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8')).split('\n')[0],
    );
    let total = 0;
    for (const pid of await readdir('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
        // fields after "(comm) ": state ppid … utime(14th) stime(15th), in clock ticks (USER_HZ = 100)
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (Number(pid) !== postmaster && Number(fields[1]) !== postmaster) continue;
        total += (Number(fields[11]) + Number(fields[12])) / 100;
      } catch {
        // the process ended while we read it
      }
    }
    return total;
  };

  // After an overload phase Postgres has work of its own queued: autovacuum of the tables that
  // just took tens of thousands of rows, and dirty buffers for the next checkpoint. A latency
  // phase started at once measures that backlog, not the rate it runs at. So: checkpoint, then
  // wait (at most 60 s) until no autovacuum worker runs on this database.
  const settle = async () => {
    const started = Date.now();
    const owner = new pg.Client({ connectionString: dbUrl });
    await owner.connect();
    try {
      await owner.query('CHECKPOINT').catch(() => undefined);
      while (Date.now() - started < 60_000) {
        const busy =
          (
            await owner.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'autovacuum worker' AND datname = current_database()`,
            )
          ).rows[0]?.n ?? 0;
        if (busy === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    } finally {
      await owner.end();
    }
    return { waitedMs: Date.now() - started };
  };

  return {
    runId,
    dbUrl,
    settle,
    secretsKey,
    connection: { path: connection.path, secret: connection.secret },
    counts,
    postgresCpuSeconds,
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
      await admin.end();
      await stopPostgres();
    },
  };
}
