// bench/webhooks: verified + stored + enqueued webhooks per second and their latency, next to an
// empty Next.js route handler on the same server in the same run.
//   npx tsx bench/webhooks/run.ts
// Needs a production build (.next); never builds one itself. Uses a fresh embedded Postgres (or a
// fresh database on DATABASE_URL's server), the real app server (src/server/http/main.ts) in a
// child process on 127.0.0.1, Stripe deliveries signed by the SDK, the per-IP rate limit in place
// (raised so it measures its cost, not its refusals), and no worker (jobs only accumulate).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { closedLoop, openLoop, type PhaseResult, type Shot } from './load';
import { hasWrk, wrkClosedLoop } from './wrk';
import { createBenchDatabase } from './setup';
import { WEB_NODE_FLAGS } from '../../src/server/http/node-flags';

const root = path.resolve(import.meta.dirname, '../..');
if (!existsSync(path.join(root, '.next', 'BUILD_ID'))) {
  console.error(
    'No production build found (.next/BUILD_ID is missing): run `npx next build` first.',
  );
  process.exit(1);
}

/** The server runs the BUILT route handlers: a source file newer than the build is not measured. */
function newerThanBuild(): string[] {
  const builtAt = statSync(path.join(root, '.next', 'BUILD_ID')).mtimeMs;
  const newer: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (
        /\.tsx?$/.test(entry.name) &&
        !entry.name.endsWith('.test.ts') &&
        statSync(full).mtimeMs > builtAt
      )
        newer.push(path.relative(root, full));
    }
  };
  walk(path.join(root, 'src'));
  return newer;
}
const stale = newerThanBuild();
if (stale.length > 0) {
  console.warn(
    `WARNING: ${stale.length} source file(s) changed after the build (${stale.slice(0, 5).join(', ')}${stale.length > 5 ? ', …' : ''}); the route handlers measured are the BUILT ones. Migrations are applied from source.`,
  );
}

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
/** The latency phase runs longer than the peak phases: the web server's old-generation GC (every
 * 20-40 s at half the peak, see the README) then falls inside it in most runs, instead of in one
 * run out of four, so its p99 is a figure of the server, not of luck. */
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 30);
/** Diagnostics: BENCH_SERVER_CPU_PROF=<dir> writes a V8 CPU profile of the app server (on exit);
 * BENCH_TRACE_GC=1 runs it with --trace-gc; BENCH_SERVER_STDOUT=1 shows its stdout;
 * BENCH_SERVER_NODE_FLAGS='--flag …' passes Node/V8 flags to it. */
const PROFILE_DIR = process.env.BENCH_SERVER_CPU_PROF;

// --- a fresh database with one tenant and a Stripe connection ------------------------------------
const db = await createBenchDatabase(root);
const { runId, connection } = db;
const { stripeSimulator } = await import('../../src/server/simulators/stripe/deliveries');

// --- the app server -----------------------------------------------------------------------------
const port = 41000 + Math.floor(Math.random() * 2000);
const profileArgs = [
  ...(PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(PROFILE_DIR)}`] : []),
  ...(process.env.BENCH_TRACE_GC ? ['--trace-gc'] : []),
  ...(process.env.BENCH_SERVER_NODE_FLAGS ?? '').split(' ').filter(Boolean),
];
const server = spawn(
  process.execPath,
  [...WEB_NODE_FLAGS, ...profileArgs, '--import', 'tsx', 'src/server/http/main.ts'],
  {
    cwd: root,
    stdio: ['ignore', process.env.BENCH_SERVER_STDOUT ? 'inherit' : 'ignore', 'inherit'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      SWITCHBOARD_BENCH: '1',
      NEXTAUTH_SECRET: randomBytes(24).toString('hex'),
      DB_POOL_MAX: process.env.DB_POOL_MAX ?? '20',
    },
  },
);
const stopServer = () => {
  if (server.exitCode === null) server.kill('SIGTERM');
};
process.on('exit', stopServer);

async function waitForServer(): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`app server exited with ${server.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('app server did not become healthy within 60 s');
}

let sequence = 0;
const publicUrl = `https://hooks.switchboard.example${connection.path}`;
const webhookShot = (): Shot => {
  const delivery = stripeSimulator.sign({
    url: publicUrl,
    body: stripeSimulator.sampleBody(`bench${runId}${(sequence++).toString(36)}`),
    secret: connection.secret,
  });
  return { path: connection.path, headers: delivery.headers, body: delivery.body };
};
const emptyShot = (): Shot => ({
  path: '/api/bench/empty',
  headers: { 'content-type': 'application/json' },
  body: '{}',
});

const line = (name: string, r: PhaseResult) =>
  `${name.padEnd(34)} ${r.rps.toFixed(0).padStart(7)} req/s   p50 ${r.p50.toFixed(2).padStart(7)} ms   p99 ${r.p99.toFixed(2).padStart(7)} ms${r.max === undefined ? '' : `   max ${r.max.toFixed(1)} ms, ${r.over50} over 50 ms`}   (${r.ok}/${r.requests} ok, statuses ${JSON.stringify(r.statuses)})`;

async function measured<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; postgresCpuSeconds: number | null }> {
  const before = await db.postgresCpuSeconds();
  const result = await fn();
  const after = await db.postgresCpuSeconds();
  return { result, postgresCpuSeconds: before === null || after === null ? null : after - before };
}
const pgPer = (cpu: number | null, r: PhaseResult) =>
  cpu === null ? 'n/a' : `${((cpu * 1000) / Math.max(1, r.ok)).toFixed(3)} ms`;

try {
  await waitForServer();
  console.log(
    `server on 127.0.0.1:${port}, concurrency ${CONCURRENCY}, ${SECONDS} s per peak phase, ${LATENCY_SECONDS} s at half the peak`,
  );
  // Peak phases: wrk when installed (apt-get install wrk), so the load generator takes less of
  // the shared cores; both phases always use the same generator. BENCH_LOADGEN=node forces Node.
  const useWrk = process.env.BENCH_LOADGEN !== 'node' && hasWrk();
  const batch = (make: () => Shot, count: number) => Array.from({ length: count }, make);
  // Enough unique deliveries for 5 000/s, far above what this machine reaches.
  const perPhase = 5_000 * SECONDS;
  const peakLoop = (shot: () => Shot, okStatus: number, seconds: number) =>
    useWrk
      ? Promise.resolve(
          wrkClosedLoop(port, CONCURRENCY, seconds, batch(shot, 5_000 * seconds), okStatus),
        )
      : closedLoop(port, CONCURRENCY, seconds, shot, okStatus);
  console.log(
    `load generator for the peak phases: ${useWrk ? 'wrk (1 thread)' : 'in-process Node'}; ${useWrk ? `${perPhase} pre-signed deliveries per phase` : 'signed per request'}`,
  );
  await peakLoop(emptyShot, 204, 2);
  const empty = await peakLoop(emptyShot, 204, SECONDS);
  console.log(line('empty route handler (peak)', empty));
  await peakLoop(webhookShot, 200, 2);
  const peak = await measured(() => peakLoop(webhookShot, 200, SECONDS));
  const webhooks = peak.result;
  console.log(line('stripe webhook ingest (peak)', webhooks));
  const halfRate = Math.max(1, Math.floor(webhooks.rps / 2));
  const settled = await db.settle();
  console.log(
    `database settled after the overload phase in ${(settled.waitedMs / 1000).toFixed(1)} s (checkpoint, autovacuum done)`,
  );
  // Like the peak phases, the latency phase gets a warm-up at its own rate: its first half second
  // otherwise measures the tail of the overload phase before it (Postgres catching up after it).
  await openLoop(port, halfRate, 2, webhookShot, 200);
  const atHalf = await openLoop(port, halfRate, LATENCY_SECONDS, webhookShot, 200);
  console.log(line(`stripe webhook ingest @ ${halfRate}/s`, atHalf));

  const { stored, jobs } = await db.counts();
  const ratio = webhooks.rps / empty.rps;
  const ratioOk = ratio >= 0.5;
  const p99Ok = atHalf.p99 <= 50;
  console.log(
    `stored events ${stored}, queued jobs ${jobs} (one each per 2xx, warm-up included); postgres CPU per delivery at peak ${pgPer(peak.postgresCpuSeconds, webhooks)}`,
  );
  console.log(
    `empty route ${empty.rps.toFixed(0)} req/s, webhook ingest ${webhooks.rps.toFixed(0)} req/s`,
  );
  console.log(
    `ratio webhook/empty = ${ratio.toFixed(2)} (target ≥ 0.5): ${ratioOk ? 'PASS' : 'FAIL'}`,
  );
  console.log(
    `p99 at half peak (${halfRate}/s) = ${atHalf.p99.toFixed(2)} ms (target ≤ 50 ms): ${p99Ok ? 'PASS' : 'FAIL'}`,
  );
  console.log(ratioOk && p99Ok ? 'TARGETS MET' : 'TARGETS MISSED');
  if (stale.length > 0)
    console.log(
      '(measured the built route handlers; source changed after the build, see the warning above)',
    );
} finally {
  stopServer();
  await new Promise((resolve) => setTimeout(resolve, PROFILE_DIR ? 5_000 : 1_000));
  await db.drop();
}
