// The origin a browser has the console open on, for URLs it is sent back to (Checkout's return,
// next-auth's redirects). Derived from the request, because the configured APP_URL (by default
// http://localhost:PORT) is not where someone at http://127.0.0.1:PORT holds their session cookie.
// A Host header is whatever the sender wrote, so only this app's own origins are accepted: the
// APP_URL origin, or localhost / 127.0.0.1 / [::1] on our own port.
import { getEnv } from '../../env';
import { ForbiddenError } from '../errors';
import { appOrigin } from './app-origin';

/** Stamped by the web process's edge (src/server/http/server.ts) on every request; any copy the sender sent is overwritten. */
export const REQUEST_ORIGIN_HEADER = 'x-switchboard-request-origin';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The rightmost entry of a comma list: what the proxy nearest to us wrote. */
function nearest(value: string | null): string | undefined {
  const entries = (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  return entries[entries.length - 1];
}

/**
 * The origin as the request names it: Host (or, behind TRUSTED_PROXY_COUNT proxies of our own,
 * X-Forwarded-Host / -Proto), unchecked. undefined when the request names none.
 */
export function originAsRequested(headers: Headers, trustedProxies: number): string | undefined {
  const viaProxy = trustedProxies > 0;
  const host =
    (viaProxy ? nearest(headers.get('x-forwarded-host')) : undefined) ?? headers.get('host');
  if (!host) return undefined;
  const proto = (viaProxy ? nearest(headers.get('x-forwarded-proto')) : undefined) ?? 'http';
  if (proto !== 'http' && proto !== 'https') return undefined;
  try {
    const url = new URL(`${proto}://${host}`);
    return url.host === host.toLowerCase() ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/** True for this app's own origins (see the top of the file). */
export function isOwnOrigin(origin: string): boolean {
  const env = getEnv();
  if (env.APP_URL && new URL(env.APP_URL).origin === origin) return true;
  const url = new URL(origin);
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname) && port === env.PORT;
}

/** The request's origin when it is one of ours, else null (nothing named: null as well). */
export function ownRequestOrigin(headers: Headers): string | null {
  const origin =
    headers.get(REQUEST_ORIGIN_HEADER) ?? originAsRequested(headers, getEnv().TRUSTED_PROXY_COUNT);
  return origin && isOwnOrigin(origin) ? origin : null;
}

/**
 * Where to send this request's browser back to. A request that names no origin (a server-side
 * caller) gets APP_URL's; one that names a foreign origin is refused rather than sent there.
 */
export function requestOrigin(headers: Headers): string {
  const named =
    headers.get(REQUEST_ORIGIN_HEADER) ?? originAsRequested(headers, getEnv().TRUSTED_PROXY_COUNT);
  if (!named) return appOrigin();
  if (isOwnOrigin(named)) return named;
  throw new ForbiddenError(
    `this console is open at ${named}, which is not this app's address: open it at ${appOrigin()}, or set APP_URL to the address people use`,
    { origin: named },
  );
}
