// The origin the browser has the console open on, decided once at the edge of the web process.
// It is stamped (unchecked) for the tRPC layer, which refuses a foreign one with a sentence, and
// handed to next-auth as X-Forwarded-Host/-Proto, vetted: without NEXTAUTH_URL next-auth would
// send every redirect (sign-out's included) to http://localhost:3000; trusting the raw Host
// instead would let a forged Host choose where it redirects. A foreign origin gets APP_URL's.
import type { IncomingMessage } from 'node:http';
import { appOrigin } from '../domain/connections/app-origin';
import {
  REQUEST_ORIGIN_HEADER,
  isOwnOrigin,
  originAsRequested,
} from '../domain/connections/request-origin';

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export function stampRequestOrigin(req: IncomingMessage, trustedProxies: number): string {
  const raw = new Headers();
  for (const name of ['host', 'x-forwarded-host', 'x-forwarded-proto']) {
    const value = first(req.headers[name]);
    if (value) raw.set(name, value);
  }
  const requested = originAsRequested(raw, trustedProxies);
  if (requested) req.headers[REQUEST_ORIGIN_HEADER] = requested;
  else delete req.headers[REQUEST_ORIGIN_HEADER];
  const vetted = new URL(requested && isOwnOrigin(requested) ? requested : appOrigin());
  req.headers['x-forwarded-host'] = vetted.host;
  req.headers['x-forwarded-proto'] = vetted.protocol.slice(0, -1);
  return vetted.origin;
}
