// next-auth for console staff: email + password (argon2id), JWT sessions. The JWT carries the user
// and the tenant; the role is re-read from the membership on every request (auth/resolve.ts).
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { withSystemTx } from '../db/tx';
import { verifyCredentials } from '../domain/auth/credentials';
import { getAuthSecret } from '../env';
import { logger } from '../obs/logger';

const credentialsInput = z.object({ email: z.string().max(254), password: z.string().max(200) });

export function getAuthOptions(): NextAuthOptions {
  return {
    secret: getAuthSecret(),
    session: { strategy: 'jwt', maxAge: 12 * 60 * 60 },
    pages: { signIn: '/signin' },
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: {
          email: { label: 'Email', type: 'email' },
          password: { label: 'Password', type: 'password' },
        },
        async authorize(raw) {
          const parsed = credentialsInput.safeParse(raw);
          if (!parsed.success) return null;
          const user = await withSystemTx((tx) =>
            verifyCredentials(tx, parsed.data.email, parsed.data.password),
          );
          logger.info({ email: parsed.data.email, ok: Boolean(user) }, 'sign-in attempt');
          return user;
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user && 'tenantId' in user) {
          token.sub = user.id;
          token.tenantId = (user as { tenantId: string }).tenantId;
        }
        return token;
      },
      session({ session, token }) {
        return { ...session, userId: token.sub, tenantId: token.tenantId };
      },
    },
  };
}
