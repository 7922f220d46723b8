// Signing out ends the session on the server: the cookie is a JWT, so without the sessions row a
// copy taken before sign-out would go on working until it expired.
import { encode, type JWT } from 'next-auth/jwt';
import type { User } from 'next-auth';
import { describe, expect, it } from 'vitest';
import { getAuthOptions } from '../../src/server/auth/options';
import { resolvePrincipal } from '../../src/server/auth/resolve';
import { getAuthSecret } from '../../src/server/env';
import { addPerson, callerFor, createTenant, ownerQuery } from '../helpers/fixtures';
import { membershipIdOf } from '../members/support';

/** What next-auth does at sign-in: the jwt callback with the authorised user, then the cookie. */
async function signIn(userId: string, tenantId: string): Promise<{ token: JWT; cookie: Headers }> {
  const options = getAuthOptions();
  const user = { id: userId, tenantId } as User;
  const token = await options.callbacks!.jwt!({ token: {}, user, account: null });
  const jwt = await encode({ token, secret: getAuthSecret() });
  return { token, cookie: new Headers({ cookie: `next-auth.session-token=${jwt}` }) };
}

describe('console sessions', () => {
  it('sign-in opens a session row; sign-out revokes it and the same cookie stops working', async () => {
    const tenant = await createTenant('sessions');
    const { token, cookie } = await signIn(tenant.owner.userId, tenant.tenantId);
    expect(token.sid).toEqual(expect.any(String));
    expect((await resolvePrincipal(cookie)).principal).toMatchObject({
      userId: tenant.owner.userId,
      tenantId: tenant.tenantId,
    });

    await getAuthOptions().events!.signOut!({ token, session: null as never });
    expect((await resolvePrincipal(cookie)).principal).toBeNull();
    const rows = await ownerQuery<{ revoked: boolean }>(
      'SELECT revoked_at IS NOT NULL AS revoked FROM sessions WHERE id = $1',
      [token.sid],
    );
    expect(rows).toEqual([{ revoked: true }]);

    // Another sign-in is a session of its own, unaffected.
    const again = await signIn(tenant.owner.userId, tenant.tenantId);
    expect((await resolvePrincipal(again.cookie)).principal).not.toBeNull();
  });

  it('a JWT without a session id, or naming another person, is not a session', async () => {
    const tenant = await createTenant('sessions-forged');
    const other = await addPerson(tenant, 'STAFF');
    const bare = await encode({
      token: { sub: tenant.owner.userId, tenantId: tenant.tenantId },
      secret: getAuthSecret(),
    });
    expect(
      (await resolvePrincipal(new Headers({ cookie: `next-auth.session-token=${bare}` })))
        .principal,
    ).toBeNull();
    const { token } = await signIn(other.userId, tenant.tenantId);
    const borrowed = await encode({
      token: { sub: tenant.owner.userId, tenantId: tenant.tenantId, sid: token.sid },
      secret: getAuthSecret(),
    });
    expect(
      (await resolvePrincipal(new Headers({ cookie: `next-auth.session-token=${borrowed}` })))
        .principal,
    ).toBeNull();
  });

  it('removing a member revokes their open sessions in that workspace', async () => {
    const tenant = await createTenant('sessions-removal');
    const staff = await addPerson(tenant, 'STAFF');
    const first = await signIn(staff.userId, tenant.tenantId);
    const second = await signIn(staff.userId, tenant.tenantId);
    const membershipId = await membershipIdOf(tenant, staff.userId);
    await callerFor(tenant.owner).members.remove({ membershipId });
    expect((await resolvePrincipal(first.cookie)).principal).toBeNull();
    expect((await resolvePrincipal(second.cookie)).principal).toBeNull();
    const open = await ownerQuery<{ n: number }>(
      'SELECT count(*)::int AS n FROM sessions WHERE user_id = $1 AND revoked_at IS NULL',
      [staff.userId],
    );
    expect(open).toEqual([{ n: 0 }]);
  });
});
