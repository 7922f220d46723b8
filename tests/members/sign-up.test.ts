// Self-service sign-up: a company, its owner and the OWNER membership in one transaction; the
// switch that closes it; password and e-mail rules; the slug; the honest answer for an e-mail
// that already has a login, and the per-address limit that bounds asking it.
import { afterEach, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { withSystemTx } from '../../src/server/db/tx';
import { resetEnvForTests } from '../../src/server/env';
import { attemptSignIn } from '../../src/server/domain/auth/sign-in';
import { callerFor, createTenant, ownerQuery, trpcCode } from '../helpers/fixtures';
import { trpcPost } from '../kernel/support';
import { anonymous, freshAddress, NEW_PASSWORD, uniqueEmail } from './support';

const form = (overrides: Record<string, string> = {}) => ({
  company: 'Acme Plumbing',
  ownerName: 'Olivia Owner',
  email: uniqueEmail('owner'),
  password: NEW_PASSWORD,
  ...overrides,
});

const counts = async (email: string) =>
  (
    await ownerQuery<{ users: number; tenants: number; memberships: number }>(
      `SELECT (SELECT count(*)::int FROM users WHERE email = $1) AS users,
              (SELECT count(*)::int FROM tenants) AS tenants,
              (SELECT count(*)::int FROM memberships) AS memberships`,
      [email],
    )
  )[0]!;

function setEnv(name: string, value: string | undefined) {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
  resetEnvForTests();
}

afterEach(() => {
  setEnv('SIGNUP_ENABLED', undefined);
  setEnv('SIGNUP_RATE_LIMIT_PER_HOUR', undefined);
});

describe('sign-up', () => {
  it('creates the tenant, the owner and the OWNER membership, and the owner can sign in to it', async () => {
    const input = form({ email: '  Olivia.Owner@Example.TEST ' });
    const created = await anonymous().accounts.signUp(input);
    expect(created.email).toBe('olivia.owner@example.test');
    const [row] = await ownerQuery<{ name: string; slug: string; role: string; user: string }>(
      `SELECT t.name, t.slug, m.role, u.name AS user FROM tenants t
         JOIN memberships m ON m.tenant_id = t.id JOIN users u ON u.id = m.user_id
        WHERE t.id = $1`,
      [created.tenantId],
    );
    expect(row).toEqual({
      name: 'Acme Plumbing',
      slug: created.slug,
      role: 'OWNER',
      user: 'Olivia Owner',
    });
    expect(created.slug).toMatch(/^acme-plumbing(-\d+)?$/);
    const signIn = await withSystemTx((tx) =>
      attemptSignIn(tx, {
        email: 'OLIVIA.owner@example.test',
        password: NEW_PASSWORD,
        address: 'x',
      }),
    );
    expect(signIn).toMatchObject({ outcome: 'success', user: { tenantId: created.tenantId } });
    const me = await callerFor({
      kind: 'session',
      userId: signIn.outcome === 'success' ? signIn.user.id : '',
      tenantId: created.tenantId,
      role: 'OWNER',
    }).me.get();
    expect(me.tenant).toMatchObject({ name: 'Acme Plumbing', slug: created.slug });
  });

  it('derives a unique slug, also for two sign-ups of one name at the same moment', async () => {
    const results = await Promise.all(
      [1, 2, 3].map(() => anonymous().accounts.signUp(form({ company: 'Zebra Café' }))),
    );
    const slugs = results.map((r) => r.slug).sort();
    expect(slugs).toEqual(['zebra-cafe', 'zebra-cafe-2', 'zebra-cafe-3']);
  });

  it('refuses bad input next to its field and writes nothing', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ password: 'short' }, 'password'],
      [{ password: 'x'.repeat(201) }, 'password'],
      [{ email: 'not an e-mail' }, 'email'],
      [{ company: '   ' }, 'company'],
      [{ ownerName: '' }, 'ownerName'],
    ];
    const before = await counts('');
    for (const [overrides, field] of cases) {
      const error = await anonymous()
        .accounts.signUp(form(overrides))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe('BAD_REQUEST');
      // What the console's forms read: zod's flattened field errors, by field.
      const response = await trpcPost('accounts.signUp', form(overrides), freshAddress());
      expect(response.status).toBe(400);
      const body = (await response.json()) as {
        error: { data: { fieldErrors: Record<string, string[]> } };
      };
      expect(Object.keys(body.error.data.fieldErrors)).toEqual([field]);
    }
    const after = await counts('');
    expect(after.tenants).toBe(before.tenants);
    expect(after.memberships).toBe(before.memberships);
  });

  it('answers an e-mail that already has a login with "sign in instead", next to the field, and writes nothing', async () => {
    const existing = await createTenant('signup-taken');
    const before = await counts(existing.owner.email);
    const response = await trpcPost(
      'accounts.signUp',
      form({ email: existing.owner.email.toUpperCase() }),
      freshAddress(),
    );
    expect(response.status).toBe(409);
    const body = (await response.json()) as {
      error: { message: string; data: { details: { fieldErrors: Record<string, string[]> } } };
    };
    expect(body.error.message).toBe('an account with this e-mail already exists; sign in instead');
    expect(body.error.data.details.fieldErrors.email).toEqual([body.error.message]);
    expect(await counts(existing.owner.email)).toEqual(before);
  });

  it('limits sign-ups per client address (429 with Retry-After), not for other addresses', async () => {
    setEnv('SIGNUP_RATE_LIMIT_PER_HOUR', '3');
    const address = freshAddress();
    for (let i = 0; i < 3; i++)
      expect(await trpcCode(callerFor(null, address).accounts.signUp(form()))).toBe('OK');
    const refused = await trpcPost('accounts.signUp', form(), address);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await trpcCode(callerFor(null, freshAddress()).accounts.signUp(form()))).toBe('OK');
  });

  it('when turned off, answers 403 and writes nothing', async () => {
    setEnv('SIGNUP_ENABLED', 'false');
    const input = form();
    const response = await trpcPost('accounts.signUp', input, freshAddress());
    expect(response.status).toBe(403);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/sign-up is turned off/);
    expect((await counts(input.email)).users).toBe(0);
    setEnv('SIGNUP_ENABLED', 'true');
    expect(await trpcCode(anonymous().accounts.signUp(input))).toBe('OK');
  });
});
