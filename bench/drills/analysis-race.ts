// Fault drill: 2,000 recorded visits analysed while the worker is SIGKILLed again and again.
//   npx tsx bench/drills/analysis-race.ts
// A fresh database (embedded Postgres, or a fresh database on DATABASE_URL's server), the built web
// app (which serves the analysis simulator's API and the webhook ingest over HTTP) and a worker as
// child processes, as in production. DRILL_RECORDINGS uploaded recordings get their analysis.submit
// job as the upload queues it; the simulator is told to duplicate, reorder and drop callbacks (and
// to fail a few analyses and answer some requests 503), so results arrive by callbacks and by the
// poller at once. The worker is killed at random moments (and started again at once) DRILL_KILLS
// times; the drill waits until every recording is final and everything queued has run, then checks
// from the rows that every result was processed exactly once, none lost, none applied twice
// (lib/analysis.ts), prints the counts and exits non-zero on any violation.
// Knobs: DRILL_RECORDINGS (2000), DRILL_KILLS (4, at least 3), DRILL_KILL_GAP_S ("4,12"),
// DRILL_POLL_TICK_S (5: the drill also queues analysis.poll this often, a faster cron),
// ANALYSIS_POLL_AFTER_SECONDS (5), DRILL_DUPLICATES (3), DRILL_REORDER_MS (20000),
// DRILL_DROP_RATE (0.3), DRILL_FAIL_RATE (0.02), DRILL_API_ERROR_RATE (0.03),
// DRILL_TIMEOUT_S (1200), WORKER_CONCURRENCY (8), DRILL_REBUILD=1 (rebuild .next when stale).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ownerQuery } from './lib/database';
import { seconds, sleep, startStage } from './lib/stage';
import { printReport, queueFigures, type Figure } from './lib/checks';
import { loggedJobIds, waitFor200 } from './lib/processes';
import {
  analysisProgress,
  analysisQuiet,
  checkAnalysisExactlyOnce,
  seedRecordings,
} from './lib/analysis';

const root = path.resolve(import.meta.dirname, '../..');
const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const RECORDINGS = num('DRILL_RECORDINGS', 2_000);
const KILLS = num('DRILL_KILLS', 4);
const [GAP_MIN, GAP_MAX] = (process.env.DRILL_KILL_GAP_S ?? '4,12').split(',').map(Number) as [
  number,
  number,
];
const POLL_TICK_MS = num('DRILL_POLL_TICK_S', 5) * 1000;
const TIMEOUT_MS = num('DRILL_TIMEOUT_S', 1200) * 1000;
const recordingsDir = mkdtempSync(path.join(tmpdir(), 'switchboard-drill-recordings-'));
process.env.RECORDINGS_DIR = recordingsDir;

const { db, logDir, app, web, worker, cleanUp } = await startStage(root, 'unless-database-url', {
  RECORDINGS_DIR: recordingsDir,
  ANALYSIS_POLL_AFTER_SECONDS: String(num('ANALYSIS_POLL_AFTER_SECONDS', 5)),
});
let failed = true;
try {
  console.log(
    `analysis-race drill: ${RECORDINGS} recordings, ${KILLS} kills ${GAP_MIN}–${GAP_MAX} s apart, ${db.restart ? 'embedded Postgres' : "a fresh database on DATABASE_URL's server"}, logs in ${logDir}`,
  );
  // Before any job runs: the behaviour applies to every job the simulator makes for the tenant.
  await worker.kill('SIGKILL');
  const seedStarted = Date.now();
  const tenant = await seedRecordings(db.runId, recordingsDir, RECORDINGS);
  const { setAnalysisBehaviour } = await import('../../src/server/simulators/analysis/behaviour');
  await setAnalysisBehaviour(`tag:${tenant.tenantId}`, {
    delayMs: 2_000,
    duplicates: num('DRILL_DUPLICATES', 3),
    reorderMs: num('DRILL_REORDER_MS', 20_000),
    dropRate: num('DRILL_DROP_RATE', 0.3),
    failRate: num('DRILL_FAIL_RATE', 0.02),
    apiErrorRate: num('DRILL_API_ERROR_RATE', 0.03),
  });
  console.log(`seeded ${RECORDINGS} uploaded recordings in ${seconds(Date.now() - seedStarted)}`);
  worker.start();
  await waitFor200(app, '/ready', 180_000, [web, worker]);
  const started = Date.now();

  // The cron queues analysis.poll once a minute; the drill adds a tick every few seconds so
  // polling races the callbacks throughout instead of only after them.
  let ticking = true;
  const ticker = (async () => {
    while (ticking) {
      await ownerQuery(
        db.url,
        `SELECT graphile_worker.add_job('analysis.poll', '{}'::json, job_key => 'drill-poll-tick', job_key_mode => 'preserve_run_at')`,
      ).catch(() => undefined);
      await sleep(POLL_TICK_MS);
    }
  })();

  let killsInFlight = 0;
  for (let k = 1; k <= KILLS; k++) {
    await sleep((GAP_MIN + Math.random() * (GAP_MAX - GAP_MIN)) * 1000);
    const progress = await analysisProgress(db.url, tenant.tenantId);
    if (progress.final < progress.total) killsInFlight += 1;
    const pid = worker.pid;
    await worker.kill('SIGKILL');
    worker.start();
    console.log(
      `kill ${k} at ${seconds(Date.now() - started)} (pid ${pid}): ${progress.completed} completed, ${progress.failed} failed of ${progress.total}`,
    );
  }

  let quietAt: number | null = null;
  const deadline = started + TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (await analysisQuiet(db.url, tenant.tenantId)) {
      quietAt = Date.now();
      break;
    }
    await sleep(1_000);
  }
  ticking = false;
  await ticker;
  const report = await checkAnalysisExactlyOnce(db.url, tenant.tenantId);
  if (quietAt === null)
    report.violations.unshift(`not every recording final within ${TIMEOUT_MS / 1000} s`);
  if (KILLS < 3) report.violations.push(`only ${KILLS} kills (the drill asks for at least 3)`);
  const figures: Figure[] = [
    ['worker SIGKILLs (while analyses were open)', `${KILLS} (${killsInFlight})`],
    ['worker starts', worker.starts],
    [
      'orphaned jobs released: by a restarted worker / by the cron',
      `${loggedJobIds(worker.logFile, 'held by a dead predecessor')} / ${loggedJobIds(worker.logFile, 'held by workers whose heartbeat stopped')}`,
    ],
    [
      'first job → every recording final and all queued work done',
      quietAt === null
        ? 'NOT REACHED'
        : `${seconds(quietAt - started)} (${Math.round(RECORDINGS / ((quietAt - started) / 1000))} recordings/s)`,
    ],
    ...report.figures,
    ...(await queueFigures(db.url)),
  ];
  printReport(
    'analysis-race drill',
    figures,
    report.violations,
    'every result processed exactly once, none lost, none applied twice',
  );
  failed = report.violations.length > 0;
} catch (error) {
  console.error(`\nFAIL: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await cleanUp(failed);
  if (failed) console.error(`logs: ${worker.logFile}, ${web.logFile}`);
}
process.exit(failed ? 1 : 0);
