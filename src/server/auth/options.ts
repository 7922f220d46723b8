// next-auth for console staff: email + password (argon2id), JWT sessions. The JWT carries the user
// and the tenant; the role is re-read from the membership on every request (auth/resolve.ts).
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { withSystemTx } from '../db/tx';
import { attemptSignIn } from '../domain/auth/sign-in';
import { createSession, revokeSession } from '../domain/auth/sessions';
import { CLIENT_ADDRESS_HEADER, clientIp } from '@/lib/http/client-ip';
import { getAuthSecret } from '../env';
import { logger } from '../obs/logger';
import { getMetrics } from '../obs/metrics';

/** The start of the answer to a throttled sign-in, which the form shows as it is. */
export const SIGN_IN_THROTTLED_PREFIX = 'Too many failed sign-ins.';

const credentialsInput = z.object({
  email: z.string().max(254),
  password: z.string().max(200),
  // The workspace to start in (the invitation page signs in to the one just joined); a tenant the
  // person is not a member of is ignored. Empty when the form does not send one.
  tenantId: z
    .union([z.uuid(), z.literal('')])
    .optional()
    .transform((v) => v || undefined),
});

const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

export function getAuthOptions(): NextAuthOptions {
  return {
    secret: getAuthSecret(),
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: '/signin' },
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: {
          email: { label: 'Email', type: 'email' },
          password: { label: 'Password', type: 'password' },
          tenantId: { label: 'Workspace', type: 'text' },
        },
        async authorize(raw, req) {
          const parsed = credentialsInput.safeParse(raw);
          if (!parsed.success) return null;
          const header = (req.headers ?? {})[CLIENT_ADDRESS_HEADER] as string | undefined;
          const address = clientIp(new Headers(header ? { [CLIENT_ADDRESS_HEADER]: header } : {}));
          const result = await withSystemTx((tx) => attemptSignIn(tx, { ...parsed.data, address }));
          getMetrics().signInAttempts.inc({ outcome: result.outcome });
          // The e-mail is masked by the logger's redaction (local part and domain alike).
          logger.info({ email: parsed.data.email, outcome: result.outcome }, 'sign-in attempt');
          if (result.outcome === 'throttled') {
            // The same words whether or not the account exists: the lock is on what was typed.
            throw new Error(
              `${SIGN_IN_THROTTLED_PREFIX} Try again in ${result.retryAfterSeconds} seconds.`,
            );
          }
          return result.outcome === 'success' ? result.user : null;
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user && 'tenantId' in user) {
          const tenantId = (user as { tenantId: string }).tenantId;
          token.sub = user.id;
          token.tenantId = tenantId;
          // The server-side half of the session (auth/resolve.ts checks it on every request), so
          // that signing out ends it for every copy of the cookie.
          token.sid = await withSystemTx((tx) =>
            createSession(tx, {
              tenantId,
              userId: user.id,
              maxAgeSeconds: SESSION_MAX_AGE_SECONDS,
            }),
          );
        }
        return token;
      },
      session({ session, token }) {
        return { ...session, userId: token.sub, tenantId: token.tenantId };
      },
    },
    events: {
      async signOut({ token }) {
        const sessionId = typeof token?.sid === 'string' ? token.sid : null;
        if (sessionId) await withSystemTx((tx) => revokeSession(tx, { sessionId }));
      },
    },
  };
}
