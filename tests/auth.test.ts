import { describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { addPerson, callerFor, createTenant, trpcCode as codeOf } from './helpers/fixtures';
import { resolvePrincipal } from '../src/server/auth/resolve';
import { withSystemTx } from '../src/server/db/tx';
import { verifyCredentials } from '../src/server/domain/auth/credentials';

describe('procedure tiers', () => {
  it('refuses unauthenticated calls with UNAUTHORIZED', async () => {
    expect(await codeOf(callerFor(null).me.get())).toBe('UNAUTHORIZED');
    expect(await codeOf(callerFor(null).ops.health())).toBe('UNAUTHORIZED');
  });

  it('refuses a STAFF member on an admin procedure with FORBIDDEN, allows an ADMIN', async () => {
    const tenant = await createTenant();
    const staff = await addPerson(tenant, 'STAFF');
    const admin = await addPerson(tenant, 'ADMIN');
    expect(await codeOf(callerFor(staff).ops.health())).toBe('FORBIDDEN');
    expect(
      await codeOf(callerFor(staff).members.invite({ email: 'x@y.test', role: 'STAFF' })),
    ).toBe('FORBIDDEN');
    expect(await codeOf(callerFor(admin).ops.health())).toBe('OK');
    const me = await callerFor(staff).me.get();
    expect(me).toMatchObject({ role: 'STAFF', tenant: { id: tenant.tenantId } });
  });

  it('a refused admin call leaves no row behind', async () => {
    const tenant = await createTenant();
    const staff = await addPerson(tenant, 'STAFF');
    await codeOf(callerFor(staff).members.invite({ email: 'sneaky@y.test', role: 'ADMIN' }));
    const found = await withSystemTx((tx) =>
      tx.invitation.findFirst({ where: { email: 'sneaky@y.test' } }),
    );
    expect(found).toBeNull();
  });
});

describe('credentials', () => {
  it('accepts the right password, refuses a wrong one and an unknown email', async () => {
    const tenant = await createTenant();
    const ok = await withSystemTx((tx) =>
      verifyCredentials(tx, {
        email: tenant.owner.email.toUpperCase(),
        password: 'correct horse battery staple',
      }),
    );
    expect(ok).toMatchObject({ id: tenant.owner.userId, tenantId: tenant.tenantId });
    expect(
      await withSystemTx((tx) =>
        verifyCredentials(tx, { email: tenant.owner.email, password: 'wrong' }),
      ),
    ).toBeNull();
    expect(
      await withSystemTx((tx) =>
        verifyCredentials(tx, { email: 'nobody@nowhere.test', password: 'x' }),
      ),
    ).toBeNull();
  });
});

describe('API tokens', () => {
  it('resolves a bearer token to its principal, shows the secret once, and stops working at once when revoked', async () => {
    const tenant = await createTenant();
    const rep = await addPerson(tenant, 'REP');
    const created = await callerFor(rep).apiTokens.create({ name: 'Field app' });
    expect(created.secret).toMatch(/^sbt_/);
    const listed = await callerFor(rep).apiTokens.list();
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    const stored = await withSystemTx((tx) =>
      tx.apiToken.findUniqueOrThrow({ where: { id: created.id } }),
    );
    expect(stored.tokenHash).not.toContain(created.secret);

    const headers = new Headers({ authorization: `Bearer ${created.secret}` });
    const resolved = await resolvePrincipal(headers);
    expect(resolved.principal).toMatchObject({
      kind: 'token',
      userId: rep.userId,
      tenantId: tenant.tenantId,
      role: 'REP',
      tokenId: created.id,
    });
    const afterUse = await withSystemTx((tx) =>
      tx.apiToken.findUniqueOrThrow({ where: { id: created.id } }),
    );
    expect(afterUse.lastUsedAt).not.toBeNull();

    await callerFor(rep).apiTokens.revoke({ id: created.id });
    const after = await resolvePrincipal(headers);
    expect(after.principal).toBeNull();
    expect(after.error).toBe('invalid or revoked API token');
  });

  it('refuses malformed and unknown bearer tokens', async () => {
    expect(
      (await resolvePrincipal(new Headers({ authorization: 'Bearer nope' }))).principal,
    ).toBeNull();
    expect(
      (await resolvePrincipal(new Headers({ authorization: `Bearer sbt_${'a'.repeat(43)}` })))
        .error,
    ).toBe('invalid or revoked API token');
    expect((await resolvePrincipal(new Headers({ authorization: 'Basic abc' }))).error).toBe(
      'malformed Authorization header',
    );
  });

  it('a token stops working when its owner leaves the tenant', async () => {
    const tenant = await createTenant();
    const staff = await addPerson(tenant, 'STAFF');
    const { secret } = await callerFor(staff).apiTokens.create({ name: 'script' });
    await withSystemTx((tx) => tx.membership.deleteMany({ where: { userId: staff.userId } }));
    expect(
      (await resolvePrincipal(new Headers({ authorization: `Bearer ${secret}` }))).principal,
    ).toBeNull();
  });

  it('a STAFF member cannot revoke someone else’s token; an admin can', async () => {
    const tenant = await createTenant();
    const a = await addPerson(tenant, 'STAFF');
    const b = await addPerson(tenant, 'STAFF');
    const token = await callerFor(a).apiTokens.create({ name: 'a' });
    expect(await codeOf(callerFor(b).apiTokens.revoke({ id: token.id }))).toBe('FORBIDDEN');
    expect(await codeOf(callerFor(tenant.owner).apiTokens.revoke({ id: token.id }))).toBe('OK');
  });

  it('rejects bad input with field errors and writes nothing', async () => {
    const tenant = await createTenant();
    const error = await callerFor(tenant.owner)
      .apiTokens.create({ name: '  \u0000 ' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('BAD_REQUEST');
    const count = await withSystemTx((tx) =>
      tx.apiToken.count({ where: { tenantId: tenant.tenantId } }),
    );
    expect(count).toBe(0);
  });
});
