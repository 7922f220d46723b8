// bench/campaign: recipients sent per second for a large campaign against the zero-latency
// (in-process) Twilio simulator, next to graphile-worker's own throughput for no-op jobs on the
// same database, same machine, same run. Target: ≥ 2,000 recipients/s on a 2-core machine.
//
//   npx tsx bench/campaign/run.ts            # 100,000 recipients
//   BENCH_RECIPIENTS=20000 npx tsx bench/campaign/run.ts
//
// Both phases use one worker process (this one) with the same concurrency. The campaign phase
// runs the real path: launch through the domain (snapshot, reservation, batch jobs), then the
// worker's real task list — claim, rate limit, send (simulator log row + its callback job), record,
// debit — until every recipient is SENT. Status callbacks are held back (delay 10 min), so the
// figure is the send path alone; delivery reports are measured by the drills.
import { randomBytes } from 'node:crypto';
import { createBenchDatabase } from '../webhooks/setup';

const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 100_000);
const NOOP_JOBS = Number(process.env.BENCH_NOOP_JOBS ?? 20_000);
const CONCURRENCY = Number(process.env.WORKER_CONCURRENCY ?? 4);

Object.assign(process.env, {
  SIM_TWILIO_MODE: 'inprocess',
  SIM_TWILIO_STATUS_DELAY_MS: '600000',
  CAMPAIGN_SEND_RATE_PER_MINUTE: '10000000',
  LOG_LEVEL: 'silent',
  NODE_ENV: 'production',
});

const db = await createBenchDatabase(process.cwd());
const pg = (await import('pg')).default;
const owner = new pg.Pool({ connectionString: db.dbUrl, max: 2 });
const scalar = async (sql: string, params: unknown[] = []) =>
  Number((await owner.query<{ n: string }>(sql, params)).rows[0]?.n ?? 0);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function waitUntil(check: () => Promise<boolean>, label: string, timeoutMs = 30 * 60_000) {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// ---- baseline: graphile-worker running no-op jobs ----
async function noopBaseline(): Promise<{ jobsPerSecond: number; seconds: number }> {
  const { run, Logger } = await import('graphile-worker');
  await owner.query(
    `SELECT graphile_worker.add_jobs(array_agg(ROW('bench.noop', '{}'::json, NULL, NULL, 1, NULL, NULL, NULL)::graphile_worker.job_spec)) FROM generate_series(1, $1)`,
    [NOOP_JOBS],
  );
  const started = performance.now();
  const runner = await run({
    connectionString: db.dbUrl,
    concurrency: CONCURRENCY,
    noHandleSignals: true,
    pollInterval: 1000,
    taskList: { 'bench.noop': () => Promise.resolve() },
    logger: new Logger(() => () => undefined),
  });
  await waitUntil(
    async () => (await scalar(`SELECT count(*) AS n FROM graphile_worker._private_jobs`)) === 0,
    'no-op jobs',
  );
  const seconds = (performance.now() - started) / 1000;
  await runner.stop();
  return { jobsPerSecond: NOOP_JOBS / seconds, seconds };
}

// ---- the campaign ----
async function campaignRun() {
  const { withSystemTx, withTenantTx } = await import('../../src/server/db/tx');
  const { creditTopUp, checkLedgerInvariants } = await import('../../src/server/domain/wallet');
  const { launchCampaign, createCampaign } = await import('../../src/server/domain/campaigns');
  const { actorOf } = await import('../../src/server/domain/audit/actor');
  const { startWorker } = await import('../../src/worker/worker');
  const { tenantId, userId } = await withSystemTx(async (tx) => {
    const t = await tx.tenant.create({
      data: { slug: `bench-c-${randomBytes(3).toString('hex')}`, name: 'Campaign bench' },
      select: { id: true },
    });
    const u = await tx.user.create({
      data: { email: `c-${randomBytes(3).toString('hex')}@bench.test`, name: 'Bench' },
      select: { id: true },
    });
    await tx.membership.create({ data: { tenantId: t.id, userId: u.id, role: 'OWNER' } });
    return { tenantId: t.id, userId: u.id };
  });
  const actor = { kind: 'session' as const, userId, tenantId, role: 'OWNER' as const };
  await owner.query(
    `INSERT INTO contacts (tenant_id, phone, name, consent, consent_updated_at)
     SELECT $1::uuid, '+4917' || lpad(n::text, 9, '0'), 'Bench ' || n, 'GRANTED', now() FROM generate_series(1, $2) AS n`,
    [tenantId, RECIPIENTS],
  );
  await withTenantTx(tenantId, (tx) =>
    creditTopUp(tx, {
      tenantId,
      idempotencyKey: 'bench-credits',
      credits: RECIPIENTS * 2,
      description: 'bench',
    }),
  );
  const launchStart = performance.now();
  const campaign = await withTenantTx(tenantId, async (tx) => {
    const draft = await createCampaign(tx, {
      actor: actorOf(actor),
      name: 'Bench',
      body: 'Hi {{first_name}}, your bench message is here.',
      audience: { tagsAny: [], tagsAll: [], tagsNone: [] },
    });
    return launchCampaign(tx, { actor: actorOf(actor), campaignId: draft.id });
  });
  const launchSeconds = (performance.now() - launchStart) / 1000;
  const cpuBefore = process.cpuUsage();
  const pgCpuBefore = await db.postgresCpuSeconds();
  const started = performance.now();
  // BENCH_SAMPLE_WAITS=1: what active backends wait on, sampled every 50 ms (lock contention).
  const waits = new Map<string, number>();
  const sampler = process.env.BENCH_SAMPLE_WAITS
    ? setInterval(() => {
        void owner
          .query<{ w: string; n: number }>(
            `SELECT coalesce(wait_event_type || ':' || wait_event, 'cpu') AS w, count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid() GROUP BY 1`,
          )
          .then(
            (r) => r.rows.forEach((row) => waits.set(row.w, (waits.get(row.w) ?? 0) + row.n)),
            () => undefined,
          );
      }, 50)
    : undefined;
  const worker = await startWorker({
    ownerUrl: db.dbUrl,
    concurrency: CONCURRENCY,
    heartbeatSeconds: 5,
    pollIntervalMs: 1000,
  });
  await waitUntil(
    async () =>
      (await scalar(`SELECT pending_count AS n FROM campaigns WHERE id = $1`, [campaign.id])) === 0,
    'the campaign',
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const pgCpuAfter = await db.postgresCpuSeconds();
  await worker.stop();
  if (sampler) {
    clearInterval(sampler);
    console.log(
      `active backends by wait (samples): ${JSON.stringify(Object.fromEntries([...waits].sort((a, b) => b[1] - a[1])))}`,
    );
  }
  const sent = await scalar(`SELECT sent_count AS n FROM campaigns WHERE id = $1`, [campaign.id]);
  const logged = await scalar(`SELECT count(*) AS n FROM simulator_twilio_messages`);
  const debits = await scalar(`SELECT count(*) AS n FROM credit_transactions WHERE kind = 'DEBIT'`);
  const violations = await withTenantTx(tenantId, (tx) => checkLedgerInvariants(tx, { tenantId }));
  return {
    sent,
    logged,
    debits,
    violations: violations.length,
    seconds,
    launchSeconds,
    recipientsPerSecond: sent / seconds,
    nodeCpuPerRecipientMs: (cpu.user + cpu.system) / 1000 / sent,
    pgCpuPerRecipientMs:
      pgCpuBefore !== null && pgCpuAfter !== null
        ? ((pgCpuAfter - pgCpuBefore) * 1000) / sent
        : null,
  };
}

try {
  console.log(
    `bench/campaign: ${fmt(RECIPIENTS)} recipients, worker concurrency ${CONCURRENCY}, ${fmt(NOOP_JOBS)} no-op jobs for the baseline`,
  );
  const baseline = await noopBaseline();
  console.log(
    `graphile-worker no-op jobs   ${fmt(baseline.jobsPerSecond)} jobs/s (${baseline.seconds.toFixed(1)} s)`,
  );
  const c = await campaignRun();
  console.log(
    `campaign launch (snapshot)   ${c.launchSeconds.toFixed(1)} s for ${fmt(RECIPIENTS)} recipients`,
  );
  console.log(
    `campaign send                ${fmt(c.recipientsPerSecond)} recipients/s (${fmt(c.sent)} in ${c.seconds.toFixed(1)} s)`,
  );
  console.log(
    `ratio recipients/s ÷ no-op jobs/s  ${(c.recipientsPerSecond / baseline.jobsPerSecond).toFixed(2)}`,
  );
  console.log(
    `cpu per recipient            node ${c.nodeCpuPerRecipientMs.toFixed(3)} ms, postgres ${c.pgCpuPerRecipientMs === null ? 'n/a (DATABASE_URL)' : `${c.pgCpuPerRecipientMs.toFixed(3)} ms`}`,
  );
  console.log(
    `checks                       simulator log ${fmt(c.logged)}, DEBIT rows ${fmt(c.debits)}, ledger violations ${c.violations}`,
  );
  const ok =
    c.sent === RECIPIENTS &&
    c.logged === RECIPIENTS &&
    c.debits === RECIPIENTS &&
    c.violations === 0;
  console.log(
    `target ≥ 2,000 recipients/s: ${c.recipientsPerSecond >= 2000 ? 'met' : 'NOT met'}${ok ? '' : ' — CONSISTENCY CHECK FAILED'}`,
  );
  process.exitCode = ok ? 0 : 1;
} finally {
  await owner.end();
  const { closeDb } = await import('../../src/server/db/client');
  await closeDb();
  await db.drop();
}
