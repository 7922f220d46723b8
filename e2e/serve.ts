// The server Playwright drives: a fresh database (on DATABASE_URL's server, else an ephemeral
// embedded cluster), migrated and seeded, with the built web app and a worker. SIGTERM tears all
// of it down, database included.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

process.env.SWITCHBOARD_PROCESS = 'e2e';
(process.env as Record<string, string>).NODE_ENV = 'production';
process.env.SWITCHBOARD_DEMO = '1';
const port = Number(process.env.E2E_PORT ?? 3100);
const dbName = `sb_e2e_${randomBytes(4).toString('hex')}`;

const { startEmbeddedPostgres } = await import('../src/server/db/embedded');
const { migrate } = await import('../src/server/db/migrate');
const { withSystemTx } = await import('../src/server/db/tx');
const { seedDemo } = await import('../src/server/domain/tenants/demo-seed');
const { closeDb } = await import('../src/server/db/client');
const { startWorker } = await import('../src/worker/worker');
const { startWebServer } = await import('../src/server/http/server');

const embedded = process.env.DATABASE_URL
  ? undefined
  : await startEmbeddedPostgres({
      dir: `.data/e2e-pg-${dbName}`,
      port: 56000 + Math.floor(Math.random() * 4000),
      ephemeral: true,
    });
const adminUrl = new URL(embedded ? embedded.urlFor('postgres') : process.env.DATABASE_URL!);
adminUrl.pathname = '/postgres';
const admin = new pg.Client({ connectionString: adminUrl.toString() });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);
const ownerUrl = new URL(adminUrl);
ownerUrl.pathname = `/${dbName}`;
process.env.DATABASE_URL = ownerUrl.toString();
process.env.PORT = String(port);
// APP_URL stays unset (the default http://localhost:PORT) while the browser uses 127.0.0.1, as a
// new user's does: return URLs and next-auth's redirects must follow the request's origin.

await migrate({
  ownerUrl: ownerUrl.toString(),
  appPassword: process.env.APP_DB_PASSWORD ?? 'switchboard-app-dev',
});
await withSystemTx((tx) => seedDemo(tx, 'switchboard-demo'));
const worker = await startWorker({
  ownerUrl: ownerUrl.toString(),
  concurrency: 2,
  heartbeatSeconds: 5,
  pollIntervalMs: 200,
});
const web = await startWebServer({ port, hostname: '127.0.0.1', dev: false });
console.log(`e2e server ready on http://127.0.0.1:${port} (database ${dbName})`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await web.close();
  await worker.stop();
  await closeDb();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
  await embedded?.stop();
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
