// A fresh, migrated database for one drill run: on DATABASE_URL's server (dropped at the end), or
// on an embedded cluster of its own (deleted at the end). A drill that restarts Postgres asks for
// the embedded one whatever DATABASE_URL says: a shared server cannot be restarted.
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export type DrillDatabase = {
  runId: string;
  /** Owner URL of the drill's database. */
  url: string;
  secretsKey: string;
  /** Only for the drill's own embedded cluster. */
  restart: ((downMs: number) => Promise<void>) | null;
  /** `keep`: a database on DATABASE_URL's server stays for inspection (an embedded cluster cannot). */
  drop: (options?: { keep?: boolean }) => Promise<void>;
};

export async function createDrillDatabase(
  root: string,
  options: { embedded: 'always' | 'unless-database-url' },
): Promise<DrillDatabase> {
  const runId = randomBytes(4).toString('hex');
  const secretsKey = randomBytes(32).toString('hex');
  const { startEmbeddedPostgres } = await import('../../../src/server/db/embedded');
  const useEmbedded = options.embedded === 'always' || !process.env.DATABASE_URL;
  const cluster = useEmbedded
    ? await startEmbeddedPostgres({
        dir: path.join(root, `.data/drill-pg-${runId}`),
        port: 52000 + Math.floor(Math.random() * 3000),
        ephemeral: true,
      })
    : null;
  const adminUrl = cluster
    ? cluster.urlFor('postgres')
    : Object.assign(new URL(process.env.DATABASE_URL!), { pathname: '/postgres' }).toString();
  const dbName = `sb_drill_${runId}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const url = Object.assign(new URL(adminUrl), { pathname: `/${dbName}` }).toString();
  // The drill process itself (seeding, launching, checking) talks to this database too.
  Object.assign(process.env, {
    DATABASE_URL: url,
    SECRETS_ENCRYPTION_KEY: secretsKey,
    LOG_LEVEL: process.env.DRILL_LOG_LEVEL ?? 'silent',
  });
  const { migrate } = await import('../../../src/server/db/migrate');
  await migrate({
    ownerUrl: url,
    appPassword: process.env.APP_DB_PASSWORD ?? 'switchboard-app-dev',
  });

  return {
    runId,
    url,
    secretsKey,
    restart: cluster ? (downMs) => cluster.restart(downMs) : null,
    drop: async ({ keep = false } = {}) => {
      const { closeDb } = await import('../../../src/server/db/client');
      await closeDb().catch(() => undefined);
      if (cluster) return cluster.stop();
      if (keep) {
        console.error(
          `kept database ${dbName} for inspection: DROP DATABASE ${dbName} WITH (FORCE) when done`,
        );
        return;
      }
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
      await client.end();
    },
  };
}

/** One query as the owner on a connection of its own, so a drill's checks survive a Postgres restart. */
export async function ownerQuery<R extends object>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return (await client.query<R & Record<string, unknown>>(sql, params)).rows;
  } finally {
    await client.end().catch(() => undefined);
  }
}
