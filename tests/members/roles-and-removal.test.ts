// Changing roles and removing members: who may do what, and that it holds on the member's very
// next request, for a console session and for an API token alike (the membership is re-read per
// request, src/server/auth/resolve.ts).
import { describe, expect, it } from 'vitest';
import { resolvePrincipal } from '../../src/server/auth/resolve';
import { addPerson, callerFor, createTenant, ownerQuery, trpcCode } from '../helpers/fixtures';
import { bearerFor, trpcGet } from '../kernel/support';
import { membershipIdOf, sessionCookieFor } from './support';

describe('changing a role', () => {
  it('an admin changes roles below owner; only an owner makes or unmakes owners', async () => {
    const tenant = await createTenant('roles');
    const admin = await addPerson(tenant, 'ADMIN');
    const staff = await addPerson(tenant, 'STAFF');
    const staffId = await membershipIdOf(tenant, staff.userId);
    const ownerId = await membershipIdOf(tenant, tenant.owner.userId);

    expect(
      await callerFor(admin).members.changeRole({ membershipId: staffId, role: 'REP' }),
    ).toEqual({ id: staffId, role: 'REP' });
    expect(
      await trpcCode(callerFor(admin).members.changeRole({ membershipId: staffId, role: 'OWNER' })),
    ).toBe('FORBIDDEN');
    expect(
      await trpcCode(callerFor(admin).members.changeRole({ membershipId: ownerId, role: 'STAFF' })),
    ).toBe('FORBIDDEN');
    expect(
      await trpcCode(
        callerFor({ ...staff, role: 'REP' }).members.changeRole({
          membershipId: staffId,
          role: 'ADMIN',
        }),
      ),
    ).toBe('FORBIDDEN');
    expect(
      await trpcCode(
        callerFor(tenant.owner).members.changeRole({ membershipId: staffId, role: 'OWNER' }),
      ),
    ).toBe('OK');
    const roles = await ownerQuery<{ role: string }>('SELECT role FROM memberships WHERE id = $1', [
      staffId,
    ]);
    expect(roles).toEqual([{ role: 'OWNER' }]);
    const audit = await ownerQuery<{ detail: unknown }>(
      `SELECT detail FROM audit_entries WHERE tenant_id = $1 AND action = 'member.role_changed' ORDER BY created_at`,
      [tenant.tenantId],
    );
    expect(audit.map((a) => a.detail)).toEqual([
      { from: 'STAFF', to: 'REP' },
      { from: 'REP', to: 'OWNER' },
    ]);
  });

  it('the last owner can be neither demoted nor removed; with a second owner, either can go', async () => {
    const tenant = await createTenant('last-owner');
    const ownerId = await membershipIdOf(tenant, tenant.owner.userId);
    const owner = callerFor(tenant.owner);
    const demote = await owner.members
      .changeRole({ membershipId: ownerId, role: 'ADMIN' })
      .catch((e: Error) => e);
    expect(demote).toMatchObject({ code: 'CONFLICT' });
    expect((demote as Error).message).toMatch(/last owner/);
    expect(await trpcCode(owner.members.remove({ membershipId: ownerId }))).toBe('CONFLICT');

    const second = await addPerson(tenant, 'OWNER');
    expect(await trpcCode(owner.members.changeRole({ membershipId: ownerId, role: 'ADMIN' }))).toBe(
      'OK',
    );
    const secondId = await membershipIdOf(tenant, second.userId);
    expect(await trpcCode(callerFor(second).members.remove({ membershipId: secondId }))).toBe(
      'CONFLICT',
    );
  });

  it('a bad role or id is a 400 next to its field', async () => {
    const tenant = await createTenant('roles-bad');
    const error = await callerFor(tenant.owner)
      .members.changeRole({ membershipId: 'nope', role: 'KING' as 'ADMIN' })
      .catch((e: { code: string; cause: unknown }) => e);
    expect(error).toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('removal and demotion take effect on the next request', () => {
  it('a removed member’s session and API token are refused at once; the token stays revoked', async () => {
    const tenant = await createTenant('removal');
    const staff = await addPerson(tenant, 'STAFF');
    const token = await bearerFor(staff);
    const bearer = { authorization: `Bearer ${token}` };
    const cookie = { cookie: await sessionCookieFor(staff) };
    expect((await trpcGet('me.get', bearer)).status).toBe(200);
    expect((await trpcGet('me.get', cookie)).status).toBe(200);

    await callerFor(tenant.owner).members.remove({
      membershipId: await membershipIdOf(tenant, staff.userId),
    });

    expect((await trpcGet('me.get', bearer)).status).toBe(401);
    expect((await trpcGet('me.get', cookie)).status).toBe(401);
    expect((await resolvePrincipal(new Headers(cookie))).principal).toBeNull();
    const tokens = await ownerQuery<{ revoked_at: Date | null }>(
      'SELECT revoked_at FROM api_tokens WHERE user_id = $1',
      [staff.userId],
    );
    expect(tokens.length).toBe(1);
    expect(tokens[0]!.revoked_at).not.toBeNull();
    // The login stays (it is global); only this workspace is gone.
    expect(await ownerQuery('SELECT 1 FROM users WHERE id = $1', [staff.userId])).toHaveLength(1);
  });

  it('a demoted admin gets FORBIDDEN on an admin procedure on the next call, by token and by session', async () => {
    const tenant = await createTenant('demotion');
    const admin = await addPerson(tenant, 'ADMIN');
    const bearer = { authorization: `Bearer ${await bearerFor(admin)}` };
    const cookie = { cookie: await sessionCookieFor(admin) };
    expect((await trpcGet('members.invitations', bearer)).status).toBe(200);
    expect((await trpcGet('members.invitations', cookie)).status).toBe(200);

    await callerFor(tenant.owner).members.changeRole({
      membershipId: await membershipIdOf(tenant, admin.userId),
      role: 'STAFF',
    });

    for (const headers of [bearer, cookie]) {
      const refused = await trpcGet('members.invitations', headers);
      expect(refused.status).toBe(403);
      expect(
        ((await refused.json()) as { error: { data: { code: string } } }).error.data.code,
      ).toBe('FORBIDDEN');
      expect((await trpcGet('me.get', headers)).status).toBe(200);
    }
  });
});
