// The web process: Next.js behind a thin node:http layer that gives every request an
// x-request-id (accepted or generated) and records its duration by route and status.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import next from 'next';
import { getMetrics, registerJobStats } from '../obs/metrics';
import { withSystemTx } from '../db/tx';
import { getJobStats } from '../domain/jobs/queue-stats';
import { logger } from '../obs/logger';
import { resolveRequestId, runWithRequestContext } from '../obs/request-context';
import { routeLabel } from './route-label';
import { requestPath } from './request-path';
import { serveMetrics } from '../obs/metrics-endpoint';
import { stampClientAddress } from './client-address';
import { stampRequestOrigin } from './request-origin';
import { getEnv } from '../env';

export type WebServerOptions = { port: number; hostname: string; dev: boolean; dir?: string };

/**
 * An error no layer below answered: logged through the redacting logger (never printed raw),
 * answered with the request id and nothing of the cause. A response already under way cannot
 * turn into an error answer, so it is cut off instead of getting JSON appended to it.
 */
function failed(res: ServerResponse, error: unknown, requestId: string) {
  logger.error({ err: error, requestId }, 'unhandled request error');
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(500, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify({ error: 'internal error', requestId }));
}

export async function startWebServer(
  options: WebServerOptions,
): Promise<{ server: Server; close: () => Promise<void> }> {
  const app = next({
    dev: options.dev,
    dir: options.dir ?? process.cwd(),
    hostname: options.hostname,
    port: options.port,
  });
  const handle = app.getRequestHandler();
  await app.prepare();
  const metrics = getMetrics();
  // Queue depth, dead letters and stuck jobs on the web's /metrics too (read at scrape time).
  registerJobStats(() => withSystemTx((tx) => getJobStats(tx)));

  const trustedProxies = getEnv().TRUSTED_PROXY_COUNT;
  // next-auth takes its origin from X-Forwarded-Host only with this set; stampRequestOrigin
  // writes that header on every request, vetted, so the sender's copy is never what it reads.
  process.env.AUTH_TRUST_HOST = 'true';
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    stampClientAddress(req, trustedProxies);
    stampRequestOrigin(req, trustedProxies);
    const header = req.headers['x-request-id'];
    const requestId = resolveRequestId(Array.isArray(header) ? header[0] : header);
    req.headers['x-request-id'] = requestId;
    res.setHeader('x-request-id', requestId);
    const started = performance.now();
    res.once('finish', () => {
      const seconds = (performance.now() - started) / 1000;
      metrics.httpDuration.observe(
        {
          method: req.method ?? 'GET',
          route: routeLabel(requestPath(req.url), res.statusCode),
          status: String(res.statusCode),
        },
        seconds,
      );
    });
    if (req.url === '/metrics' || req.url?.startsWith('/metrics?')) {
      serveMetrics(req, res, getEnv().METRICS_TOKEN);
      return;
    }
    runWithRequestContext({ requestId }, () => {
      handle(req, res).catch((error: unknown) => failed(res, error, requestId));
    });
  };

  const server = createServer((req, res) => {
    // A throw here would be an uncaught exception, ending the process for every request.
    try {
      onRequest(req, res);
    } catch (error) {
      const header = req.headers['x-request-id'];
      failed(res, error, resolveRequestId(Array.isArray(header) ? header[0] : header));
    }
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.hostname, resolve);
  });
  logger.info({ port: options.port, dev: options.dev }, 'web server listening');
  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 5_000).unref();
      }),
  };
}
