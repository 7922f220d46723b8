// `npm run worker`: the job runner as its own process.
process.env.SWITCHBOARD_PROCESS ??= 'worker';

// Started by hand (the start log says so after a worker died): find the running `npm start`'s
// embedded database and web app, or say what to do, before anything reads the environment.
if (!process.env.DATABASE_URL) {
  const { applyRuntime, discoverRuntime } = await import('@/server/db/runtime-file');
  const found = discoverRuntime();
  if (!found.ok) {
    console.error(`[worker] ${found.message}`);
    process.exit(1);
  }
  applyRuntime(found.runtime);
  console.log(
    `[worker] using the database and web app of the running \`npm start\` (pid ${found.runtime.pid})`,
  );
}

const { getEnv, requireDatabaseUrl } = await import('@/server/env');
const { logger } = await import('@/server/obs/logger');
const { startWorker } = await import('./worker');
const { startMetricsServer } = await import('./metrics-server');
const { initSentry } = await import('@/server/obs/sentry');

const env = getEnv();
// The worker reports its errors too (dead letters), scrubbed like the web's.
initSentry(env.SENTRY_DSN, 'worker');
const worker = await startWorker({
  ownerUrl: requireDatabaseUrl(),
  concurrency: env.WORKER_CONCURRENCY,
  heartbeatSeconds: env.WORKER_HEARTBEAT_SECONDS,
});
const metricsServer = startMetricsServer(Number(process.env.WORKER_METRICS_PORT ?? 9465));

let firstSignalAt = 0;
const shutdown = (signal: string) => {
  // A terminal Ctrl-C reaches us directly and again via `npm start`; only a later, separate
  // signal means "stop waiting".
  if (firstSignalAt && Date.now() - firstSignalAt < 3_000) return;
  if (firstSignalAt) {
    logger.warn({ signal }, 'second signal: exiting without waiting');
    process.exit(1);
  }
  firstSignalAt = Date.now();
  logger.info({ signal }, 'shutdown requested');
  metricsServer?.close();
  worker.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      logger.error({ err: error }, 'worker stop failed');
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
export {};
