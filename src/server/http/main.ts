// `npm run web`: the Next.js app in production mode (or dev with --dev).
process.env.SWITCHBOARD_PROCESS ??= 'web';
const dev = process.argv.includes('--dev');
if (!dev) (process.env as Record<string, string>).NODE_ENV ??= 'production';

const { getEnv } = await import('../env');
const { logger } = await import('../obs/logger');
const { closeDb } = await import('../db/client');
const { startWebServer } = await import('./server');

const web = await startWebServer({
  port: getEnv().PORT,
  hostname: process.env.HOST ?? '0.0.0.0',
  dev,
});

let firstSignalAt = 0;
const shutdown = (signal: string) => {
  // Ctrl-C arrives twice (terminal and `npm start`); only a later, separate signal forces exit.
  if (firstSignalAt && Date.now() - firstSignalAt < 3_000) return;
  if (firstSignalAt) process.exit(1);
  firstSignalAt = Date.now();
  logger.info({ signal }, 'web server stopping');
  void web
    .close()
    .then(() => closeDb())
    .finally(() => process.exit(0));
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
export {};
