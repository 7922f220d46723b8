// The address a request came from, for per-address limits and bucket names (pure: headers in,
// text out). The web process's edge (src/server/http/client-address.ts) writes it into our own
// header from the socket or the trusted proxies, overwriting whatever the sender put there;
// X-Forwarded-For itself is the sender's to write and is never read here.
export const CLIENT_ADDRESS_HEADER = 'x-switchboard-client-address';

export function clientIp(headers: Headers): string {
  const ip = headers.get(CLIENT_ADDRESS_HEADER)?.trim() || 'unknown';
  // Bounded and label-safe: it ends up in rate-limit bucket names, which have a length limit.
  return ip.replace(/[^0-9A-Fa-f.:]/g, '').slice(0, 45) || 'unknown';
}
