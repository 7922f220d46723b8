// The caller's address, decided once at the edge of the web process and handed on in a header of
// our own (any copy the sender sent is overwritten). It is the socket's peer, or, behind
// TRUSTED_PROXY_COUNT proxies of our own, the address the outermost of them saw: the entry that
// many places from the right of X-Forwarded-For. Entries further left were written by the sender
// and are never believed.
import type { IncomingMessage } from 'node:http';
import { CLIENT_ADDRESS_HEADER } from '@/lib/http/client-ip';

function normalise(address: string | undefined): string | undefined {
  const trimmed = address?.trim();
  if (!trimmed) return undefined;
  return trimmed.startsWith('::ffff:') && trimmed.includes('.') ? trimmed.slice(7) : trimmed;
}

export function resolveClientAddress(req: IncomingMessage, trustedProxies: number): string {
  const peer = normalise(req.socket.remoteAddress) ?? 'unknown';
  if (trustedProxies <= 0) return peer;
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => normalise(entry))
    .filter((entry): entry is string => Boolean(entry));
  // The peer is the last proxy; each trusted proxy appended the address it saw.
  const chain = [...forwarded, peer];
  return chain[chain.length - 1 - trustedProxies] ?? chain[0] ?? peer;
}

/** Called for every request before anything reads an address (see server.ts). */
export function stampClientAddress(req: IncomingMessage, trustedProxies: number): string {
  const address = resolveClientAddress(req, trustedProxies);
  req.headers[CLIENT_ADDRESS_HEADER] = address;
  return address;
}
