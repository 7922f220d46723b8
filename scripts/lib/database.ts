// Resolves the database for a script: DATABASE_URL as given, or the embedded cluster under .data/.
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedCluster } from '../../src/server/db/embedded';

export const EMBEDDED_DB_NAME = 'switchboard';

export type ResolvedDatabase = { url: string; embedded?: EmbeddedCluster };

export async function ensureDatabaseExists(ownerUrl: string): Promise<void> {
  const url = new URL(ownerUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0)
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

export async function resolveDatabase(log: (line: string) => void): Promise<ResolvedDatabase> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL };
  const port = Number(process.env.EMBEDDED_PG_PORT ?? 54329);
  log(`DATABASE_URL is not set: starting embedded PostgreSQL in .data/pg on port ${port}`);
  const embedded = await startEmbeddedPostgres({ dir: '.data/pg', port });
  const url = embedded.urlFor(EMBEDDED_DB_NAME);
  await ensureDatabaseExists(url);
  process.env.DATABASE_URL = url;
  return { url, embedded };
}
