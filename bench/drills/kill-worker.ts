// Fault drill: SIGKILL the worker again and again while a 20,000-recipient campaign sends.
//   npx tsx bench/drills/kill-worker.ts
// A fresh database (embedded Postgres, or a fresh database on DATABASE_URL's server), the built web
// app (which serves the Twilio simulator over HTTP, driven by the real twilio SDK) and a worker as
// child processes, as in production. The campaign is launched through the tRPC router; the worker
// is then killed at random moments (and started again at once) DRILL_KILLS times, and the drill
// waits until every recipient is final. It ends with the exactly-once figures (lib/checks.ts) and
// exits non-zero on any violation.
// Knobs: DRILL_RECIPIENTS (20000), DRILL_KILLS (5), DRILL_KILL_GAP_S (min,max seconds between
// kills, "4,15"), DRILL_TIMEOUT_S (1800), WORKER_CONCURRENCY (8), WORKER_HEARTBEAT_SECONDS (5),
// DRILL_REBUILD=1 (rebuild .next when the source is newer).
import path from 'node:path';
import { ownerQuery } from './lib/database';
import { seconds, sleep, startStage } from './lib/stage';
import { campaignProgress, launchCampaign, seedTenant, waitUntilFinal } from './lib/campaign';
import { checkExactlyOnce, printReport, queueFigures, type Figure } from './lib/checks';
import { loggedJobIds, waitFor200 } from './lib/processes';

const root = path.resolve(import.meta.dirname, '../..');
const RECIPIENTS = Number(process.env.DRILL_RECIPIENTS ?? 20_000);
const KILLS = Number(process.env.DRILL_KILLS ?? 5);
const [GAP_MIN, GAP_MAX] = (process.env.DRILL_KILL_GAP_S ?? '4,15').split(',').map(Number) as [
  number,
  number,
];
const TIMEOUT_MS = Number(process.env.DRILL_TIMEOUT_S ?? 1800) * 1000;
const { db, logDir, app, web, worker, cleanUp } = await startStage(root, 'unless-database-url');
let failed = true;
try {
  console.log(
    `kill-worker drill: ${RECIPIENTS} recipients, ${KILLS} kills ${GAP_MIN}–${GAP_MAX} s apart, ${db.restart ? 'embedded Postgres' : "a fresh database on DATABASE_URL's server"}, logs in ${logDir}`,
  );
  const tenant = await seedTenant(db.runId, { credits: RECIPIENTS + 1_000, contacts: RECIPIENTS });
  await waitFor200(app, '/ready', 180_000, [web, worker]);
  const [before] = await ownerQuery<{ balance: number }>(
    db.url,
    'SELECT balance FROM credit_accounts WHERE tenant_id = $1',
    [tenant.tenantId],
  );
  const started = Date.now();
  const campaign = await launchCampaign(
    tenant,
    'Drill: 20% off today at Switchboard. Reply STOP to opt out',
  );
  console.log(
    `launched ${campaign.id}: ${campaign.totalRecipients} recipients, ${campaign.creditsReserved} credits reserved`,
  );

  let killsWhileSending = 0;
  for (let k = 1; k <= KILLS; k++) {
    await sleep((GAP_MIN + Math.random() * (GAP_MAX - GAP_MIN)) * 1000);
    const progress = await campaignProgress(db.url, campaign.id);
    const sending = (progress.byStatus.PENDING ?? 0) + (progress.byStatus.SENDING ?? 0) > 0;
    if (sending) killsWhileSending += 1;
    const pid = worker.pid;
    await worker.kill('SIGKILL');
    worker.start();
    console.log(
      `kill ${k} at ${seconds(Date.now() - started)} (pid ${pid}): ${progress.accepted} accepted, ${progress.byStatus.SENDING ?? 0} SENDING, ${progress.final} final`,
    );
  }

  // Not final in time: still check and print everything, the figures say where it stands.
  const final = await waitUntilFinal(db.url, campaign.id, { timeoutMs: TIMEOUT_MS }).catch(
    (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
  );
  const elapsed = Date.now() - started;
  const report = await checkExactlyOnce(db.url, {
    tenantId: tenant.tenantId,
    campaignId: campaign.id,
    balanceBefore: before!.balance,
  });
  if (final instanceof Error) report.violations.unshift(final.message);
  const figures: Figure[] = [
    ['recipients', campaign.totalRecipients],
    ['worker SIGKILLs (while still sending)', `${KILLS} (${killsWhileSending})`],
    ['worker starts', worker.starts],
    [
      'orphaned jobs released: by a restarted worker / by the cron',
      `${loggedJobIds(worker.logFile, 'held by a dead predecessor')} / ${loggedJobIds(worker.logFile, 'held by workers whose heartbeat stopped')}`,
    ],
    [
      'launch → every recipient final',
      final instanceof Error
        ? 'NOT REACHED'
        : `${seconds(elapsed)} (${Math.round(final.final / (elapsed / 1000))} recipients/s)`,
    ],
    ...report.figures,
    ...(await queueFigures(db.url)),
  ];
  if (KILLS < 5) report.violations.push(`only ${KILLS} kills (the drill asks for at least 5)`);
  printReport('kill-worker drill', figures, report.violations);
  failed = report.violations.length > 0;
} catch (error) {
  console.error(`\nFAIL: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await cleanUp(failed);
  if (failed) console.error(`logs: ${worker.logFile}, ${web.logFile}`);
}
process.exit(failed ? 1 : 0);
