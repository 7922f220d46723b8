// The worker's own /metrics (job outcomes, durations, its pool), on a port of its own.
import { createServer, type Server } from 'node:http';
import { getRegistry } from '@/server/obs/metrics';
import { logger } from '@/server/obs/logger';

export function startMetricsServer(port: number): Server | undefined {
  if (!port) return undefined;
  const server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    const registry = getRegistry();
    registry.metrics().then(
      (body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body),
      () => res.writeHead(500).end(),
    );
  });
  server.on('error', (error) =>
    logger.warn({ err: error, port }, 'worker metrics server unavailable'),
  );
  server.listen(port, '127.0.0.1');
  return server;
}
