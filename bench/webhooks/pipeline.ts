// In-process profile of the ingest pipeline alone (no HTTP server, no Next): the webhook route
// handler called for Stripe with SDK-signed Requests at a fixed concurrency, against a fresh
// database, with the per-IP rate limit in place (raised, as in run.ts). Reports deliveries/s and
// the CPU each delivery costs in this process and in Postgres, so a change to src/server/webhooks
// can be measured without a production build. Not a substitute for run.ts (which measures
// through Next).
//   npx tsx bench/webhooks/pipeline.ts                 (BENCH_SECONDS, BENCH_CONCURRENCY)
//   node --cpu-prof --cpu-prof-dir=.data/prof --import tsx bench/webhooks/pipeline.ts
import path from 'node:path';
import { createBenchDatabase } from './setup';
import { CLIENT_ADDRESS_HEADER } from '../../src/lib/http/client-ip';

const root = path.resolve(import.meta.dirname, '../..');
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);

const db = await createBenchDatabase(root);
Object.assign(process.env, {
  DB_POOL_MAX: process.env.DB_POOL_MAX ?? '20',
  NODE_ENV: 'production',
});
const { resetEnvForTests } = await import('../../src/server/env');
resetEnvForTests();
const { POST } = await import('../../src/app/api/webhooks/[provider]/[connection]/route');
const { stripeSimulator } = await import('../../src/server/simulators/stripe/deliveries');
const { closeDb } = await import('../../src/server/db/client');

const publicUrl = `https://hooks.switchboard.example${db.connection.path}`;
const connectionId = db.connection.path.split('/').pop() ?? '';
let sequence = 0;
const request = () => {
  const delivery = stripeSimulator.sign({
    url: publicUrl,
    body: stripeSimulator.sampleBody(`pipe${db.runId}${(sequence++).toString(36)}`),
    secret: db.connection.secret,
  });
  return new Request(delivery.url, {
    method: 'POST',
    headers: { ...delivery.headers, [CLIENT_ADDRESS_HEADER]: '203.0.113.9' },
    body: delivery.body,
  });
};

async function phase(seconds: number) {
  const statuses: Record<number, number> = {};
  const latencies: number[] = [];
  const cpu0 = process.cpuUsage();
  const pg0 = await db.postgresCpuSeconds();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) {
        const req = request();
        const t0 = performance.now();
        const res = await POST(req, {
          params: Promise.resolve({ provider: 'stripe', connection: connectionId }),
        });
        await res.arrayBuffer();
        latencies.push(performance.now() - t0);
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const pg1 = await db.postgresCpuSeconds();
  const ok = statuses[200] ?? 0;
  latencies.sort((a, b) => a - b);
  const p = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return {
    rps: ok / elapsed,
    p50: p(0.5),
    p99: p(0.99),
    statuses,
    nodeCpuMsPerDelivery: (cpu.user + cpu.system) / 1000 / Math.max(1, ok),
    pgCpuMsPerDelivery: pg0 === null || pg1 === null ? NaN : ((pg1 - pg0) * 1000) / Math.max(1, ok),
  };
}

try {
  await phase(2);
  const r = await phase(SECONDS);
  console.log(
    `pipeline (in-process, concurrency ${CONCURRENCY}): ${r.rps.toFixed(0)} deliveries/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, ` +
      `statuses ${JSON.stringify(r.statuses)}; CPU per delivery: node ${r.nodeCpuMsPerDelivery.toFixed(3)} ms (incl. request signing), postgres ${r.pgCpuMsPerDelivery.toFixed(3)} ms`,
  );
  const { stored, jobs } = await db.counts();
  console.log(`stored events ${stored}, queued jobs ${jobs}`);
} finally {
  await closeDb();
  await db.drop();
}
