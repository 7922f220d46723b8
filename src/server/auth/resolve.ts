// Turns request headers into a Principal: a bearer API token (mobile clients, scripts) or the
// next-auth session cookie (console). Membership is re-read every time, so removing a member or
// revoking a token takes effect on the next request; so does signing out (the session's row).
import { getToken } from 'next-auth/jwt';
import { withSystemTx } from '../db/tx';
import { resolveApiToken } from '../domain/auth/api-tokens';
import { getMembershipRole } from '../domain/auth/credentials';
import { isSessionOpen } from '../domain/auth/sessions';
import { getAuthSecret } from '../env';
import type { Principal } from '../domain/auth/principal';

export type Resolution = { principal: Principal | null; error?: string };

function parseCookies(header: string | null): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    try {
      map.set(name, decodeURIComponent(value));
    } catch {
      map.set(name, value);
    }
  }
  return map;
}

export async function resolvePrincipal(headers: Headers): Promise<Resolution> {
  const authorization = headers.get('authorization');
  if (authorization) {
    const [scheme, secret] = authorization.split(/\s+/, 2);
    if (scheme?.toLowerCase() !== 'bearer' || !secret)
      return { principal: null, error: 'malformed Authorization header' };
    const principal = await withSystemTx((tx) => resolveApiToken(tx, { secret }));
    return principal ? { principal } : { principal: null, error: 'invalid or revoked API token' };
  }
  const cookies = parseCookies(headers.get('cookie'));
  if (![...cookies.keys()].some((k) => k.includes('next-auth.session-token')))
    return { principal: null };
  const secure =
    cookies.has('__Secure-next-auth.session-token') ||
    [...cookies.keys()].some((k) => k.startsWith('__Secure-next-auth.session-token.'));
  const jwt = await getToken({
    req: { cookies, headers: new Headers() } as unknown as Parameters<typeof getToken>[0]['req'],
    secret: getAuthSecret(),
    secureCookie: secure,
  });
  const userId = typeof jwt?.sub === 'string' ? jwt.sub : null;
  const tenantId = typeof jwt?.tenantId === 'string' ? jwt.tenantId : null;
  // A JWT without a session id predates server-side sessions: it cannot be signed out, so it is
  // not accepted either.
  const sessionId = typeof jwt?.sid === 'string' ? jwt.sid : null;
  if (!userId || !tenantId || !sessionId) return { principal: null };
  const role = await withSystemTx(async (tx) =>
    (await isSessionOpen(tx, { sessionId, tenantId, userId }))
      ? getMembershipRole(tx, { tenantId, userId })
      : null,
  );
  return role ? { principal: { kind: 'session', userId, tenantId, role } } : { principal: null };
}
