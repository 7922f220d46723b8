// bench/webhooks: verified + stored + enqueued webhooks per second and their latency, next to an
// empty Next.js route handler on the same server in the same run.
//   npx tsx bench/webhooks/run.ts
// Needs a production build (.next); never builds one itself. Uses a fresh embedded Postgres (or a
// fresh database on DATABASE_URL's server), the real app server (src/server/http/main.ts) in a
// child process on 127.0.0.1, Stripe deliveries signed by the SDK, the per-IP rate limit in place
// (raised so it measures its cost, not its refusals), and no worker (jobs only accumulate).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { closedLoop, openLoop, type PhaseResult, type Shot } from './load';

const root = path.resolve(import.meta.dirname, '../..');
if (!existsSync(path.join(root, '.next', 'BUILD_ID'))) {
  console.error('No production build found (.next/BUILD_ID is missing): run `npx next build` first.');
  process.exit(1);
}

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const runId = randomBytes(4).toString('hex');
const secretsKey = randomBytes(32).toString('hex');

// --- a fresh database -------------------------------------------------------------------------
const { startEmbeddedPostgres } = await import('../../src/server/db/embedded');
let stopPostgres: () => Promise<void> = () => Promise.resolve();
let adminUrl: string;
if (process.env.DATABASE_URL) {
  adminUrl = Object.assign(new URL(process.env.DATABASE_URL), { pathname: '/postgres' }).toString();
} else {
  const cluster = await startEmbeddedPostgres({ dir: path.join(root, `.data/bench-pg-${runId}`), port: 56000 + Math.floor(Math.random() * 3000), ephemeral: true });
  stopPostgres = cluster.stop;
  adminUrl = cluster.urlFor('postgres');
}
const dbName = `sb_bench_${runId}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);
const dbUrl = Object.assign(new URL(adminUrl), { pathname: `/${dbName}` }).toString();
Object.assign(process.env, { DATABASE_URL: dbUrl, SECRETS_ENCRYPTION_KEY: secretsKey, LOG_LEVEL: 'silent' });

const { migrate } = await import('../../src/server/db/migrate');
await migrate({ ownerUrl: dbUrl, appPassword: process.env.APP_DB_PASSWORD ?? 'switchboard-app-dev' });

// --- a tenant with a Stripe connection ----------------------------------------------------------
const { withSystemTx, withTenantTx } = await import('../../src/server/db/tx');
const { createWebhookConnection } = await import('../../src/server/domain/webhooks/connections');
const { closeDb } = await import('../../src/server/db/client');
const { stripeSimulator } = await import('../../src/server/providers/stripe/simulator');
const seeded = await withSystemTx(async (tx) => {
  const tenant = await tx.tenant.create({ data: { slug: `bench-${runId}`, name: 'Bench' }, select: { id: true } });
  const user = await tx.user.create({ data: { email: `bench-${runId}@bench.test`, name: 'Bench' }, select: { id: true } });
  await tx.membership.create({ data: { tenantId: tenant.id, userId: user.id, role: 'OWNER' } });
  return { tenantId: tenant.id, userId: user.id };
});
const connection = await withTenantTx(seeded.tenantId, (tx) =>
  createWebhookConnection(tx, { kind: 'session', userId: seeded.userId, tenantId: seeded.tenantId, role: 'OWNER' }, { provider: 'stripe', label: 'bench' }),
);
await closeDb();

// --- the app server -----------------------------------------------------------------------------
const port = 41000 + Math.floor(Math.random() * 2000);
const server = spawn(process.execPath, ['--import', 'tsx', 'src/server/http/main.ts'], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
  env: {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    SWITCHBOARD_BENCH: '1',
    NEXTAUTH_SECRET: randomBytes(24).toString('hex'),
    WEBHOOK_RATE_LIMIT_PER_MINUTE: '100000000',
    DB_POOL_MAX: process.env.DB_POOL_MAX ?? '20',
  },
});
const stopServer = () => {
  if (server.exitCode === null) server.kill('SIGTERM');
};
process.on('exit', stopServer);

async function waitForServer(): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`app server exited with ${server.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('app server did not become healthy within 60 s');
}

let sequence = 0;
const publicUrl = `https://hooks.switchboard.example${connection.path}`;
const webhookShot = (): Shot => {
  const delivery = stripeSimulator.sign({ url: publicUrl, body: stripeSimulator.sampleBody(`bench${runId}${(sequence++).toString(36)}`), secret: connection.secret });
  return { path: connection.path, headers: delivery.headers, body: delivery.body };
};
const emptyShot = (): Shot => ({ path: '/api/bench/empty', headers: { 'content-type': 'application/json' }, body: '{}' });

const line = (name: string, r: PhaseResult) =>
  `${name.padEnd(34)} ${r.rps.toFixed(0).padStart(7)} req/s   p50 ${r.p50.toFixed(2).padStart(7)} ms   p99 ${r.p99.toFixed(2).padStart(7)} ms   (${r.ok}/${r.requests} ok, statuses ${JSON.stringify(r.statuses)})`;

try {
  await waitForServer();
  console.log(`server on 127.0.0.1:${port}, concurrency ${CONCURRENCY}, ${SECONDS} s per phase`);
  await closedLoop(port, CONCURRENCY, 2, emptyShot, 204);
  const empty = await closedLoop(port, CONCURRENCY, SECONDS, emptyShot, 204);
  console.log(line('empty route handler (peak)', empty));
  await closedLoop(port, CONCURRENCY, 2, webhookShot, 200);
  const webhooks = await closedLoop(port, CONCURRENCY, SECONDS, webhookShot, 200);
  console.log(line('stripe webhook ingest (peak)', webhooks));
  const halfRate = Math.max(1, Math.floor(webhooks.rps / 2));
  const atHalf = await openLoop(port, halfRate, SECONDS, webhookShot, 200);
  console.log(line(`stripe webhook ingest @ ${halfRate}/s`, atHalf));

  const owner = new pg.Client({ connectionString: dbUrl });
  await owner.connect();
  const stored = (await owner.query<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_events WHERE status = 'RECEIVED'`)).rows[0]?.n ?? 0;
  const jobs = (await owner.query<{ n: number }>(`SELECT count(*)::int AS n FROM graphile_worker._private_jobs`)).rows[0]?.n ?? 0;
  await owner.end();
  const ratio = webhooks.rps / empty.rps;
  console.log(`stored events ${stored}, queued jobs ${jobs} (one each per 2xx, warm-up included)`);
  console.log(`ratio webhook/empty = ${ratio.toFixed(2)} (target ≥ 0.5); p99 at half peak = ${atHalf.p99.toFixed(2)} ms (target ≤ 50 ms)`);
  console.log(ratio >= 0.5 && atHalf.p99 <= 50 ? 'TARGETS MET' : 'TARGETS MISSED');
} finally {
  stopServer();
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
  await admin.end();
  await stopPostgres();
}
