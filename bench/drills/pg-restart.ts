// Fault drill: restart Postgres in the middle of a 5,000-recipient campaign and leave web and
// worker alone: they must recover by themselves (/ready 200 again, the campaign completes), with
// the same exactly-once figures as kill-worker.ts (lib/checks.ts). Exits non-zero on any violation.
//   npx tsx bench/drills/pg-restart.ts
// Always on an embedded cluster of its own, DATABASE_URL or not: a shared server cannot be
// restarted. The restart is a fast shutdown (every connection cut) and a start of the same data
// directory on the same port after DRILL_PG_DOWN_S seconds down.
// Knobs: DRILL_RECIPIENTS (5000), DRILL_PG_DOWN_S (5), DRILL_RESTART_AT (0.3: the share of
// recipients accepted before the restart), DRILL_TIMEOUT_S (1200), WORKER_CONCURRENCY (8),
// DRILL_REBUILD=1 (rebuild .next when the source is newer).
import path from 'node:path';
import { ownerQuery } from './lib/database';
import { seconds, sleep, startStage } from './lib/stage';
import { campaignProgress, launchCampaign, seedTenant, waitUntilFinal } from './lib/campaign';
import { checkExactlyOnce, printReport, queueFigures, type Figure } from './lib/checks';
import { countLogged, httpStatus, probeStatuses, waitFor200 } from './lib/processes';

const root = path.resolve(import.meta.dirname, '../..');
const RECIPIENTS = Number(process.env.DRILL_RECIPIENTS ?? 5_000);
const DOWN_MS = Number(process.env.DRILL_PG_DOWN_S ?? 5) * 1000;
const RESTART_AT = Number(process.env.DRILL_RESTART_AT ?? 0.3);
const TIMEOUT_MS = Number(process.env.DRILL_TIMEOUT_S ?? 1200) * 1000;
const { db, logDir, app, web, worker, cleanUp } = await startStage(root, 'always');
let failed = true;
try {
  console.log(
    `pg-restart drill: ${RECIPIENTS} recipients, Postgres down ${seconds(DOWN_MS)} once ${Math.round(RESTART_AT * 100)} % are accepted, logs in ${logDir}`,
  );
  const tenant = await seedTenant(db.runId, { credits: RECIPIENTS + 1_000, contacts: RECIPIENTS });
  await waitFor200(app, '/ready', 180_000, [web, worker]);
  const [before] = await ownerQuery<{ balance: number }>(
    db.url,
    'SELECT balance FROM credit_accounts WHERE tenant_id = $1',
    [tenant.tenantId],
  );
  const pids = { web: web.pid, worker: worker.pid };
  const started = Date.now();
  const campaign = await launchCampaign(
    tenant,
    'Drill: 20% off today at Switchboard. Reply STOP to opt out',
  );
  console.log(
    `launched ${campaign.id}: ${campaign.totalRecipients} recipients, ${campaign.creditsReserved} credits reserved`,
  );

  let progress = await campaignProgress(db.url, campaign.id);
  while (progress.accepted < RECIPIENTS * RESTART_AT) {
    if (Date.now() - started > 600_000)
      throw new Error(`sending did not get going: ${JSON.stringify(progress.byStatus)}`);
    await sleep(500);
    progress = await campaignProgress(db.url, campaign.id);
  }
  const probe = probeStatuses(app, '/ready');
  const restartBegan = Date.now();
  await db.restart!(DOWN_MS);
  const upAgain = Date.now();
  console.log(
    `Postgres restarted at ${seconds(restartBegan - started)} (${progress.accepted} accepted, ${progress.byStatus.SENDING ?? 0} SENDING), down for ${seconds(upAgain - restartBegan)}`,
  );
  const readyAfter = await waitFor200(app, '/ready', 180_000, [web, worker]);
  await sleep(2_000);
  const duringOutage = await probe.stop();

  // Not final in time: still check and print everything, the figures say where it stands.
  const final = await waitUntilFinal(db.url, campaign.id, { timeoutMs: TIMEOUT_MS }).catch(
    (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
  );
  const elapsed = Date.now() - started;
  const readyAtEnd = await httpStatus(app, '/ready');
  const report = await checkExactlyOnce(db.url, {
    tenantId: tenant.tenantId,
    campaignId: campaign.id,
    balanceBefore: before!.balance,
  });
  if (final instanceof Error) report.violations.unshift(final.message);
  const untouched =
    web.alive &&
    worker.alive &&
    web.starts === 1 &&
    worker.starts === 1 &&
    web.pid === pids.web &&
    worker.pid === pids.worker;
  if (!untouched)
    report.violations.push(
      `web or worker did not survive as the same process (web pid ${pids.web} → ${web.pid}, worker pid ${pids.worker} → ${worker.pid})`,
    );
  if (readyAtEnd !== 200) report.violations.push(`/ready answered ${readyAtEnd} at the end`);
  const figures: Figure[] = [
    ['recipients', campaign.totalRecipients],
    ['Postgres down (fast shutdown → accepting again)', seconds(upAgain - restartBegan)],
    [
      '/ready answers around the outage',
      Object.entries(duringOutage)
        .map(([k, n]) => `${k} ×${n}`)
        .join(', '),
    ],
    ['/ready 200 again after Postgres was up', seconds(readyAfter)],
    ['/ready at the end', String(readyAtEnd)],
    ['web / worker restarted', untouched ? 'no, same pids, both alive' : 'YES'],
    [
      'job attempts failed and retried (worker log)',
      countLogged(worker.logFile, 'job attempt failed; will retry'),
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
  printReport('pg-restart drill', figures, report.violations);
  failed = report.violations.length > 0;
} catch (error) {
  console.error(`\nFAIL: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await cleanUp(failed);
  if (failed) console.error(`logs: ${worker.logFile}, ${web.logFile}`);
}
process.exit(failed ? 1 : 0);
