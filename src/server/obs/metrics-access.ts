// Who may scrape /metrics: a scrape reads cross-tenant figures (queue depth, dead letters, stuck
// campaigns) and process internals, so it is not for the open internet. With METRICS_TOKEN set,
// a matching bearer token is required; without it, only a peer on this machine (the socket's own
// address, never a forwarding header a sender controls).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

const digest = (value: string) => createHash('sha256').update(value).digest();

export type MetricsAccess = { ok: true } | { ok: false; status: 401 | 403; reason: string };

export function checkMetricsAccess(req: IncomingMessage, token: string | undefined): MetricsAccess {
  if (token) {
    const header = req.headers.authorization ?? '';
    const given = header.startsWith('Bearer ') ? header.slice(7) : '';
    // Equal-length digests, so the comparison is constant-time whatever was sent.
    if (given && timingSafeEqual(digest(given), digest(token))) return { ok: true };
    return { ok: false, status: 401, reason: 'a bearer token is required for /metrics' };
  }
  if (LOOPBACK.has(req.socket.remoteAddress ?? '')) return { ok: true };
  return {
    ok: false,
    status: 403,
    reason: '/metrics answers this machine only; set METRICS_TOKEN to scrape it from elsewhere',
  };
}
