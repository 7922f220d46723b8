// /metrics served by the node:http layer itself (web and worker alike): access checked on the
// socket, then one registry read. Next.js never sees the request.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRegistry } from './metrics';
import { logger } from './logger';
import { checkMetricsAccess } from './metrics-access';

export function serveMetrics(
  req: IncomingMessage,
  res: ServerResponse,
  token: string | undefined,
): void {
  const access = checkMetricsAccess(req, token);
  if (!access.ok) {
    res
      .writeHead(access.status, {
        'content-type': 'application/json',
        ...(access.status === 401 ? { 'www-authenticate': 'Bearer' } : {}),
      })
      .end(JSON.stringify({ error: access.reason }));
    return;
  }
  const registry = getRegistry();
  registry.metrics().then(
    (body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body),
    (error: unknown) => {
      logger.error({ err: error }, 'metrics scrape failed');
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'metrics unavailable, retry' }));
    },
  );
}
