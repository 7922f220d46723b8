// The worker's own /metrics (job outcomes, durations, its pool), on a port of its own, bound to
// this machine unless WORKER_METRICS_HOST says otherwise; the same access rule as the web's.
import { createServer, type Server } from 'node:http';
import { getEnv } from '@/server/env';
import { serveMetrics } from '@/server/obs/metrics-endpoint';
import { logger } from '@/server/obs/logger';

export function startMetricsServer(port: number): Server | undefined {
  if (!port) return undefined;
  const server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    serveMetrics(req, res, getEnv().METRICS_TOKEN);
  });
  server.on('error', (error) =>
    logger.warn({ err: error, port }, 'worker metrics server unavailable'),
  );
  server.listen(port, process.env.WORKER_METRICS_HOST ?? '127.0.0.1');
  return server;
}
