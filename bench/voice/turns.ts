// bench/voice/turns: speech turns per second and the TwiML latency of a turn (a signed Gather
// webhook: verified, stored, answered by the built-in answerer from the tenant's knowledge, the
// turn kept, the next <Gather> rendered) at 100 concurrent calls, next to the empty route handler
// on the same server in the same run.
//   npx tsx bench/voice/turns.ts
// Needs a production build (.next); never builds one itself. A fresh database (embedded Postgres,
// or a fresh database on DATABASE_URL's server) with one tenant, a Twilio connection, a voice line
// and 48 articles; the real app server (src/server/http/main.ts) in a child process on 127.0.0.1;
// requests signed with the twilio SDK's scheme over real HTTP; no worker (jobs only accumulate).
//   peak:  BENCH_CALLS (100) callers in a closed loop, each a call: incoming, then
//          BENCH_TURNS_PER_CALL (8) questions one after the other, then a new call
//   half:  an open loop at half the peak turn rate over the same 100 calls (latency from each
//          turn's scheduled time), and the empty route at the same rate
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import pg from 'pg';
import { closedLoop, openLoop, type PhaseResult, type Shot } from '../webhooks/load';
import { createBenchDatabase } from '../webhooks/setup';
import { WEB_NODE_FLAGS } from '../../src/server/http/node-flags';

const root = path.resolve(import.meta.dirname, '../..');
if (!existsSync(path.join(root, '.next', 'BUILD_ID'))) {
  console.error(
    'No production build found (.next/BUILD_ID is missing): run `npx next build` first.',
  );
  process.exit(1);
}

const CALLS = Number(process.env.BENCH_CALLS ?? 100);
const TURNS_PER_CALL = Number(process.env.BENCH_TURNS_PER_CALL ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 20);
const LINE = '+4930555000100';

// --- a fresh database: tenant, Twilio connection, voice line, knowledge ------------------------
const db = await createBenchDatabase(root);
const owner = new pg.Client({ connectionString: db.dbUrl });
await owner.connect();
const [seed] = (
  await owner.query<{ tenant_id: string; user_id: string }>(
    `SELECT tenant_id, user_id FROM memberships WHERE tenant_id = (SELECT id FROM tenants WHERE slug = $1)`,
    [`bench-${db.runId}`],
  )
).rows;
await owner.end();
const { withTenantTx } = await import('../../src/server/db/tx');
const { createWebhookConnection } = await import('../../src/server/domain/connections/connections');
const { createVoiceLine } = await import('../../src/server/domain/calls/lines');
const { createArticle } = await import('../../src/server/domain/answering');
const { closeDb } = await import('../../src/server/db/client');
const { signedVoiceRequest, newCallSid, placeCall, say, hangUp, spoken } =
  await import('../../src/server/simulators/twilio/voice-call');
const actor = {
  tenantId: seed!.tenant_id,
  userId: seed!.user_id,
  kind: 'user' as const,
  role: 'OWNER' as const,
};

/** The questions callers ask, each with the article that answers it. */
const FAQ: [string, string, string][] = [
  ['Opening hours', 'We are open Monday to Friday from 9 am to 6 pm.', 'When are you open?'],
  [
    'Refunds',
    'Refunds are paid back to your card within five working days.',
    'How long does a refund take?',
  ],
  [
    'Delivery',
    'Delivery inside the city takes one day and is free above 50 euros.',
    'How long does delivery take?',
  ],
  [
    'Payment methods',
    'You can pay by card, bank transfer or cash on delivery.',
    'Can I pay by card?',
  ],
  ['Returns', 'You can return any item within 14 days of delivery.', 'How do I return an item?'],
  ['Parking', 'Free parking is behind the shop.', 'Where can I park?'],
  ['Warranty', 'Every appliance has a two year warranty.', 'How long is the warranty?'],
  ['Gift cards', 'Gift cards are valid for three years.', 'How long is a gift card valid?'],
];
const twilioConnection = await withTenantTx(actor.tenantId, async (tx) => {
  for (const [title, body] of FAQ)
    await createArticle(tx, { actor, language: 'en', title, body, tags: [], enabled: true });
  // Filler, so the search ranks among more than the articles asked about.
  for (let i = 0; i < 40; i++)
    await createArticle(tx, {
      actor,
      language: 'en',
      title: `Store note ${i}`,
      body: `Branch ${i} stocks kitchen tools, garden furniture and lamps; ask staff about model ${i * 7}.`,
      tags: [],
      enabled: true,
    });
  await createVoiceLine(tx, {
    actor,
    phone: LINE,
    label: 'Bench line',
    greeting: 'Hello, how can I help?',
    language: 'en',
    fallbackPhone: '+4930555000199',
    timeZone: 'UTC',
    openDays: [1, 2, 3, 4, 5, 6, 7],
    opensAt: '00:00',
    closesAt: '00:00',
  });
  return createWebhookConnection(tx, actor, { provider: 'twilio', label: 'bench voice' });
});
await closeDb();

// --- the app server -----------------------------------------------------------------------------
const port = 43000 + Math.floor(Math.random() * 2000);
const server = spawn(
  process.execPath,
  [...WEB_NODE_FLAGS, '--import', 'tsx', 'src/server/http/main.ts'],
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

// Twilio signs the URL it calls; the server rebuilds it from the origin it vets at its edge
// (src/server/http/request-origin.ts), here its own 127.0.0.1:<port>.
const publicUrl = `http://127.0.0.1:${port}${twilioConnection.path}`;
const callerNumber = (i: number) => `+49151${String(1_000_000 + i).padStart(7, '0')}`;

type BenchCall = { callSid: string; from: string; turn: number };
const shotFor = (call: BenchCall, step: 'incoming' | 'gather', question?: string): Shot => {
  const url = new URL(publicUrl);
  url.searchParams.set('vs', step);
  if (step === 'gather') url.searchParams.set('vt', String(call.turn));
  const delivery = signedVoiceRequest(
    { accountSid: `AC${'b'.repeat(32)}`, callSid: call.callSid, from: call.from, to: LINE },
    url.toString(),
    step === 'incoming' ? 'ringing' : 'in-progress',
    question ? { SpeechResult: question, Confidence: '0.91' } : {},
    twilioConnection.secret,
  );
  const target = new URL(delivery.url);
  return {
    path: `${target.pathname}${target.search}`,
    headers: delivery.headers,
    body: delivery.body,
  };
};

function post(agent: http.Agent, shot: Shot): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: shot.path,
        agent,
        headers: { ...shot.headers, 'content-length': Buffer.byteLength(shot.body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(shot.body);
  });
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** A turn counts when its TwiML is the answer and the next <Gather> (not a hold or a hand-over). */
const answered = (body: string) => body.includes('<Gather') && !body.includes('<Redirect');

/** CALLS callers, each placing calls one after the other and asking its questions in turn. */
async function peakTurns(seconds: number): Promise<PhaseResult & { calls: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CALLS });
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let ok = 0;
  let calls = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: CALLS }, async (_, caller) => {
      while (performance.now() < deadline) {
        const call: BenchCall = { callSid: newCallSid(), from: callerNumber(caller), turn: 0 };
        await post(agent, shotFor(call, 'incoming'));
        calls += 1;
        for (let t = 1; t <= TURNS_PER_CALL && performance.now() < deadline; t++) {
          call.turn = t;
          const question = FAQ[(caller + t) % FAQ.length]![2];
          const t0 = performance.now();
          const { status, body } = await post(agent, shotFor(call, 'gather', question));
          latencies.push(performance.now() - t0);
          statuses[status] = (statuses[status] ?? 0) + 1;
          if (status === 200 && answered(body)) ok += 1;
        }
      }
    }),
  );
  agent.destroy();
  const elapsed = (performance.now() - started) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    ok,
    statuses,
    seconds: elapsed,
    rps: ok / elapsed,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
    calls,
  };
}

/** CALLS calls already rung in; an open loop asks their next questions round robin. */
async function prepareCalls(): Promise<BenchCall[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 20 });
  const calls = Array.from({ length: CALLS }, (_, i) => ({
    callSid: newCallSid(),
    from: callerNumber(i),
    turn: 0,
  }));
  for (const call of calls) await post(agent, shotFor(call, 'incoming'));
  agent.destroy();
  return calls;
}

const line = (name: string, r: PhaseResult) =>
  `${name.padEnd(36)} ${r.rps.toFixed(0).padStart(6)} /s   p50 ${r.p50.toFixed(2).padStart(7)} ms   p99 ${r.p99.toFixed(2).padStart(7)} ms${r.max === undefined ? '' : `   max ${r.max.toFixed(1)} ms`}   (${r.ok}/${r.requests} ok, statuses ${JSON.stringify(r.statuses)})`;

const emptyShot = (): Shot => ({
  path: '/api/bench/empty',
  headers: { 'content-type': 'application/json' },
  body: '{}',
});

try {
  await waitForServer();
  console.log(
    `server on 127.0.0.1:${port}; ${CALLS} concurrent calls, ${TURNS_PER_CALL} turns each, ${SECONDS} s at peak, ${LATENCY_SECONDS} s at half the peak`,
  );
  // One whole call through the simulator's driver first: the TwiML measured is the real flow.
  const ctx = {
    authToken: twilioConnection.secret,
    log: false,
    fetch: (url: string, init: RequestInit) => fetch(url, init),
  };
  let probe = await placeCall({ url: publicUrl, from: callerNumber(999), to: LINE }, ctx);
  if (probe.phase !== 'listening')
    throw new Error(`the probe call was not greeted: ${JSON.stringify(probe.exchanges)}`);
  probe = await say(probe, 'How long does a refund take?', ctx);
  probe = await hangUp(probe, ctx);
  const heard = spoken(probe);
  if (!heard.some((s) => s.includes('five working days')))
    throw new Error(`the probe call was not answered: ${JSON.stringify(heard)}`);
  console.log(`probe call heard: ${heard.map((s) => JSON.stringify(s)).join(' / ')}`);

  await closedLoop(port, 32, 2, emptyShot, 204);
  const emptyPeak = await closedLoop(port, CALLS, SECONDS, emptyShot, 204);
  console.log(line('empty route handler (peak)', emptyPeak));
  await peakTurns(2);
  const peak = await peakTurns(SECONDS);
  console.log(line(`speech turns (peak, ${CALLS} calls)`, peak), `${peak.calls} calls placed`);

  const halfRate = Math.max(1, Math.floor(peak.rps / 2));
  const calls = await prepareCalls();
  let next = 0;
  const turnShot = (): Shot => {
    const call = calls[next++ % calls.length]!;
    call.turn += 1;
    return shotFor(call, 'gather', FAQ[call.turn % FAQ.length]![2]);
  };
  await openLoop(port, halfRate, 2, turnShot, 200);
  const atHalf = await openLoop(port, halfRate, LATENCY_SECONDS, turnShot, 200);
  console.log(line(`speech turns @ ${halfRate}/s`, atHalf));
  const emptyHalf = await openLoop(port, halfRate, LATENCY_SECONDS, emptyShot, 204);
  console.log(line(`empty route handler @ ${halfRate}/s`, emptyHalf));

  const ratio = peak.rps / emptyPeak.rps;
  const p99Ok = atHalf.p99 <= 150;
  console.log(
    `ratio speech turns / empty route at peak = ${ratio.toFixed(3)} (${peak.rps.toFixed(0)} / ${emptyPeak.rps.toFixed(0)} per s)`,
  );
  console.log(
    `p99 of a turn at half the peak (${halfRate}/s) = ${atHalf.p99.toFixed(2)} ms vs empty route ${emptyHalf.p99.toFixed(2)} ms (ratio ${(atHalf.p99 / emptyHalf.p99).toFixed(1)}; target ≤ 150 ms): ${p99Ok ? 'PASS' : 'FAIL'}`,
  );
  console.log(p99Ok ? 'TARGET MET' : 'TARGET MISSED');
} finally {
  stopServer();
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  await db.drop();
}
