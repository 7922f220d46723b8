// Invitations: only a hash is stored; a link works once, until it expires or is revoked; a wrong
// or withdrawn link is refused; a newcomer sets a password, an existing login proves its own;
// a refused acceptance leaves nothing half-written.
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { withSystemTx } from '../../src/server/db/tx';
import { attemptSignIn } from '../../src/server/domain/auth/sign-in';
import { signInKeys } from '../../src/server/domain/auth/sign-in-throttle';
import { getInvitationPreview } from '../../src/server/domain/members/accept-invitation';
import {
  addPerson,
  callerFor,
  createTenant,
  ownerQuery,
  TEST_PASSWORD,
  trpcCode,
} from '../helpers/fixtures';
import { trpcPost } from '../kernel/support';
import { anonymous, freshAddress, invitationRow, NEW_PASSWORD, uniqueEmail } from './support';

async function invite(email = uniqueEmail('invitee'), role: 'ADMIN' | 'STAFF' | 'REP' = 'STAFF') {
  const tenant = await createTenant('invite');
  const invitation = await callerFor(tenant.owner).members.invite({ email, role });
  return { tenant, invitation };
}

const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e as TRPCError,
  );

const userCount = async (email: string) =>
  (
    await ownerQuery<{ n: number }>('SELECT count(*)::int AS n FROM users WHERE email = $1', [
      email,
    ])
  )[0]!.n;

describe('inviting', () => {
  it('stores only a SHA-256 of the token and shows the link once', async () => {
    const { tenant, invitation } = await invite('  New.Person@Members.TEST ');
    expect(invitation.token).toMatch(/^sbi_[A-Za-z0-9_-]{43}$/);
    expect(invitation.path).toBe(`/invite/${invitation.token}`);
    expect(invitation.email).toBe('new.person@members.test');
    const row = await invitationRow(invitation.id);
    expect(row?.token_hash).toBe(createHash('sha256').update(invitation.token).digest('hex'));
    const everything = JSON.stringify(
      await ownerQuery('SELECT * FROM invitations WHERE tenant_id = $1', [tenant.tenantId]),
    );
    expect(everything).not.toContain(invitation.token);
    expect(everything).not.toContain(invitation.token.slice(4));
    // Seven days, and the list shows it without the token.
    const days = (row!.expires_at.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);
    const listed = await callerFor(tenant.owner).members.invitations();
    expect(listed).toMatchObject([{ id: invitation.id, role: 'STAFF', isExpired: false }]);
    expect(JSON.stringify(listed)).not.toContain(invitation.token);
  });

  it('refuses a STAFF member, a bad e-mail and an OWNER role, next to the field, writing nothing', async () => {
    const tenant = await createTenant('invite-bad');
    const staff = await addPerson(tenant, 'STAFF');
    expect(
      await trpcCode(callerFor(staff).members.invite({ email: uniqueEmail('x'), role: 'REP' })),
    ).toBe('FORBIDDEN');
    const badEmail = await errorOf(
      callerFor(tenant.owner).members.invite({ email: 'nope', role: 'REP' }),
    );
    expect(badEmail?.code).toBe('BAD_REQUEST');
    const owner = await errorOf(
      callerFor(tenant.owner).members.invite({
        email: uniqueEmail('x'),
        role: 'OWNER' as 'ADMIN',
      }),
    );
    expect(owner?.code).toBe('BAD_REQUEST');
    const rows = await ownerQuery('SELECT 1 FROM invitations WHERE tenant_id = $1', [
      tenant.tenantId,
    ]);
    expect(rows).toEqual([]);
  });

  it('refuses someone who is already a member here', async () => {
    const tenant = await createTenant('invite-member');
    const staff = await addPerson(tenant, 'STAFF');
    const error = await errorOf(
      callerFor(tenant.owner).members.invite({ email: staff.email, role: 'ADMIN' }),
    );
    expect(error?.code).toBe('CONFLICT');
  });

  it('inviting the same address again withdraws the older link', async () => {
    const email = uniqueEmail('twice');
    const { tenant, invitation: first } = await invite(email);
    const second = await callerFor(tenant.owner).members.invite({ email, role: 'ADMIN' });
    expect((await invitationRow(first.id))?.revoked_at).not.toBeNull();
    expect(
      (
        await errorOf(
          anonymous().accounts.acceptInvitation({
            token: first.token,
            name: 'N',
            password: NEW_PASSWORD,
          }),
        )
      )?.code,
    ).toBe('NOT_FOUND');
    expect(
      await trpcCode(
        anonymous().accounts.acceptInvitation({
          token: second.token,
          name: 'N',
          password: NEW_PASSWORD,
        }),
      ),
    ).toBe('OK');
  });
});

describe('accepting', () => {
  it('a newcomer sets a name and a password, joins with the invited role and can sign in there', async () => {
    const { tenant, invitation } = await invite(uniqueEmail('newcomer'), 'REP');
    const preview = await withSystemTx((tx) => getInvitationPreview(tx, invitation.token));
    expect(preview).toMatchObject({
      status: 'open',
      email: invitation.email,
      role: 'REP',
      tenantName: `Tenant ${tenant.slug}`,
      hasLogin: false,
    });
    const accepted = await anonymous().accounts.acceptInvitation({
      token: invitation.token,
      name: '  Nora Newcomer ',
      password: NEW_PASSWORD,
    });
    expect(accepted).toEqual({ tenantId: tenant.tenantId, email: invitation.email, role: 'REP' });
    const members = await callerFor(tenant.owner).members.list();
    expect(members.find((m) => m.email === invitation.email)).toMatchObject({
      name: 'Nora Newcomer',
      role: 'REP',
    });
    const row = await invitationRow(invitation.id);
    expect(row?.accepted_at).not.toBeNull();
    expect(row?.accepted_by_id).toBe(members.find((m) => m.email === invitation.email)?.userId);
    const signIn = await withSystemTx((tx) =>
      attemptSignIn(tx, { email: invitation.email, password: NEW_PASSWORD, address: 'a' }),
    );
    expect(signIn).toMatchObject({ outcome: 'success', user: { tenantId: tenant.tenantId } });
    expect(await callerFor(tenant.owner).members.invitations()).toEqual([]);
  });

  it('works once: a second acceptance, also one racing the first, is refused', async () => {
    const { invitation } = await invite();
    const attempt = () =>
      anonymous().accounts.acceptInvitation({
        token: invitation.token,
        name: 'Racer',
        password: NEW_PASSWORD,
      });
    const codes = (await Promise.all([attempt(), attempt(), attempt()].map(trpcCode))).sort();
    expect(codes).toEqual(['CONFLICT', 'CONFLICT', 'OK']);
    const again = await errorOf(attempt());
    expect(again?.code).toBe('CONFLICT');
    expect(again?.message).toMatch(/already used/);
    expect(await userCount(invitation.email)).toBe(1);
  });

  it('an expired link is refused and joins nobody', async () => {
    const { tenant, invitation } = await invite();
    await ownerQuery(
      `UPDATE invitations SET created_at = now() - interval '8 days', expires_at = now() - interval '1 day' WHERE id = $1`,
      [invitation.id],
    );
    const error = await errorOf(
      anonymous().accounts.acceptInvitation({
        token: invitation.token,
        name: 'Late',
        password: NEW_PASSWORD,
      }),
    );
    expect(error?.code).toBe('CONFLICT');
    expect(error?.message).toMatch(/expired/);
    expect(await userCount(invitation.email)).toBe(0);
    expect(await callerFor(tenant.owner).members.invitations()).toMatchObject([
      { id: invitation.id, isExpired: true },
    ]);
  });

  it('a revoked link is refused like a wrong one; revoking twice is harmless, an accepted one cannot be', async () => {
    const { tenant, invitation } = await invite();
    await callerFor(tenant.owner).members.revokeInvitation({ id: invitation.id });
    await callerFor(tenant.owner).members.revokeInvitation({ id: invitation.id });
    const input = { name: 'Too late', password: NEW_PASSWORD };
    const revoked = await errorOf(
      anonymous().accounts.acceptInvitation({ token: invitation.token, ...input }),
    );
    const wrong = await errorOf(
      anonymous().accounts.acceptInvitation({
        token: `sbi_${randomBytes(32).toString('base64url')}`,
        ...input,
      }),
    );
    expect(revoked?.code).toBe('NOT_FOUND');
    expect(revoked?.message).toBe(wrong?.message);
    expect(await userCount(invitation.email)).toBe(0);
    const malformed = await trpcPost(
      'accounts.acceptInvitation',
      { token: 'sbi_short', ...input },
      freshAddress(),
    );
    expect(malformed.status).toBe(400);

    const other = await callerFor(tenant.owner).members.invite({
      email: uniqueEmail('done'),
      role: 'STAFF',
    });
    await anonymous().accounts.acceptInvitation({ token: other.token, ...input });
    expect(await trpcCode(callerFor(tenant.owner).members.revokeInvitation({ id: other.id }))).toBe(
      'CONFLICT',
    );
  });

  it('a newcomer without a name or with a short password is refused next to the field; nothing is written', async () => {
    const { invitation } = await invite();
    const noName = await trpcPost(
      'accounts.acceptInvitation',
      { token: invitation.token, password: NEW_PASSWORD },
      freshAddress(),
    );
    expect(noName.status).toBe(400);
    expect(
      ((await noName.json()) as { error: { data: { details: { fieldErrors: object } } } }).error
        .data.details.fieldErrors,
    ).toHaveProperty('name');
    const short = await trpcPost(
      'accounts.acceptInvitation',
      { token: invitation.token, name: 'N', password: 'short' },
      freshAddress(),
    );
    expect(short.status).toBe(400);
    expect(
      ((await short.json()) as { error: { data: { details: { fieldErrors: object } } } }).error.data
        .details.fieldErrors,
    ).toEqual({ password: ['at least 12 characters'] });
    expect(await userCount(invitation.email)).toBe(0);
    expect((await invitationRow(invitation.id))?.accepted_at).toBeNull();
  });

  it('someone with a login elsewhere accepts with that login’s password, counted like a sign-in', async () => {
    const elsewhere = await createTenant('elsewhere');
    const { tenant, invitation } = await invite(elsewhere.owner.email, 'ADMIN');
    const preview = await withSystemTx((tx) => getInvitationPreview(tx, invitation.token));
    expect(preview).toMatchObject({ status: 'open', hasLogin: true });

    const address = freshAddress();
    const wrong = await errorOf(
      callerFor(null, address).accounts.acceptInvitation({
        token: invitation.token,
        password: 'not the right password',
      }),
    );
    expect(wrong?.code).toBe('FORBIDDEN');
    const [throttle] = await ownerQuery<{ failures: number }>(
      'SELECT failures FROM sign_in_throttles WHERE key = $1',
      [signInKeys(elsewhere.owner.email, 'unused').account],
    );
    expect(throttle?.failures).toBe(1);
    expect((await invitationRow(invitation.id))?.accepted_at).toBeNull();

    const accepted = await callerFor(null, address).accounts.acceptInvitation({
      token: invitation.token,
      name: 'Ignored, the login has a name',
      password: TEST_PASSWORD,
    });
    expect(accepted.tenantId).toBe(tenant.tenantId);
    const members = await callerFor(tenant.owner).members.list();
    expect(members.find((m) => m.userId === elsewhere.owner.userId)).toMatchObject({
      role: 'ADMIN',
      name: `Owner of ${elsewhere.slug}`,
    });
    // One login, two workspaces: sign-in starts in the one asked for, else the oldest.
    const signIn = (tenantId?: string) =>
      withSystemTx((tx) =>
        attemptSignIn(tx, {
          email: elsewhere.owner.email,
          password: TEST_PASSWORD,
          address: 'b',
          tenantId,
        }),
      );
    expect(await signIn(tenant.tenantId)).toMatchObject({
      user: { tenantId: tenant.tenantId },
    });
    expect(await signIn()).toMatchObject({ user: { tenantId: elsewhere.tenantId } });
    expect(await userCount(elsewhere.owner.email)).toBe(1);
  });
});
