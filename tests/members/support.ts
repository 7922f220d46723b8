// Shared by the members tests: a console session cookie as next-auth writes it, client addresses
// for the per-address limits, and the membership id of a person.
import { randomBytes } from 'node:crypto';
import { encode } from 'next-auth/jwt';
import type { Principal } from '../../src/server/domain/auth/principal';
import { getAuthSecret } from '../../src/server/env';
import { withSystemTx } from '../../src/server/db/tx';
import { createSession } from '../../src/server/domain/auth/sessions';
import { CLIENT_ADDRESS_HEADER } from '../../src/lib/http/client-ip';
import { callerFor, ownerQuery, type TestTenant } from '../helpers/fixtures';

export const NEW_PASSWORD = 'a new long password';

/** The Cookie header of a console session for the principal (what the sign-in would set). */
export async function sessionCookieFor(principal: Principal): Promise<string> {
  const { userId, tenantId } = principal;
  const sid = await withSystemTx((tx) =>
    createSession(tx, { tenantId, userId, maxAgeSeconds: 3600 }),
  );
  const jwt = await encode({
    token: { sub: userId, tenantId, sid },
    secret: getAuthSecret(),
  });
  return `next-auth.session-token=${jwt}`;
}

/** A client address of its own, so per-address limits of one test do not touch another's. */
export function freshAddress(): Record<string, string> {
  const b = randomBytes(3);
  return { [CLIENT_ADDRESS_HEADER]: `10.${b[0]}.${b[1]}.${b[2]}` };
}

/** A public caller (no session) from its own client address. */
export const anonymous = () => callerFor(null, freshAddress());

export const uniqueEmail = (label: string) =>
  `${label}-${randomBytes(4).toString('hex')}@members.test`;

export async function membershipIdOf(tenant: TestTenant, userId: string): Promise<string> {
  const [row] = await ownerQuery<{ id: string }>(
    'SELECT id FROM memberships WHERE tenant_id = $1 AND user_id = $2',
    [tenant.tenantId, userId],
  );
  if (!row) throw new Error(`no membership of ${userId} in ${tenant.tenantId}`);
  return row.id;
}

export const invitationRow = async (id: string) =>
  (
    await ownerQuery<{
      email: string;
      role: string;
      token_hash: string;
      expires_at: Date;
      accepted_at: Date | null;
      accepted_by_id: string | null;
      revoked_at: Date | null;
    }>('SELECT * FROM invitations WHERE id = $1', [id])
  )[0];
