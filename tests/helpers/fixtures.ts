// Test fixtures: tenants, people and tRPC callers, created through the same code the app uses.
import { randomBytes } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import type { Role } from '../../src/server/db/generated/enums';
import type { Principal } from '../../src/server/domain/auth/principal';
import { withSystemTx } from '../../src/server/db/tx';
import { hashPassword } from '../../src/server/domain/auth/password';
import { createCaller } from '../../src/server/trpc/root';
import { createInnerContext } from '../../src/server/trpc/context';

export const TEST_PASSWORD = 'correct horse battery staple';
let passwordHash: Promise<string> | undefined;

export type TestTenant = { tenantId: string; slug: string; owner: Principal & { email: string } };

export async function createTenant(slugPrefix = 'acme'): Promise<TestTenant> {
  const slug = `${slugPrefix}-${randomBytes(3).toString('hex')}`;
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const hash = await passwordHash;
  return withSystemTx(async (tx) => {
    const tenant = await tx.tenant.create({
      data: { slug, name: `Tenant ${slug}` },
      select: { id: true },
    });
    const email = `owner@${slug}.test`;
    const user = await tx.user.create({
      data: { email, name: `Owner of ${slug}`, passwordHash: hash },
      select: { id: true },
    });
    await tx.membership.create({ data: { tenantId: tenant.id, userId: user.id, role: 'OWNER' } });
    return {
      tenantId: tenant.id,
      slug,
      owner: { kind: 'session', userId: user.id, tenantId: tenant.id, role: 'OWNER', email },
    };
  });
}

export async function addPerson(
  tenant: TestTenant,
  role: Role,
): Promise<Principal & { email: string }> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const hash = await passwordHash;
  const email = `${role.toLowerCase()}-${randomBytes(3).toString('hex')}@${tenant.slug}.test`;
  return withSystemTx(async (tx) => {
    const user = await tx.user.create({
      data: { email, name: `${role} person`, passwordHash: hash },
      select: { id: true },
    });
    await tx.membership.create({ data: { tenantId: tenant.tenantId, userId: user.id, role } });
    return { kind: 'session' as const, userId: user.id, tenantId: tenant.tenantId, role, email };
  });
}

export function callerFor(principal: Principal | null, headers: Record<string, string> = {}) {
  return createCaller(createInnerContext({ principal, headers: new Headers(headers) }));
}

/** A query as the database owner (tests inspect graphile-worker's tables, which only the owner reads). */
export async function ownerQuery<R extends object>(
  sql: string,
  params: unknown[] = [],
): Promise<R[]> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<R & Record<string, unknown>>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** 'OK', or the tRPC code a call was refused with (anything else is reported as unexpected). */
export async function trpcCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    return error instanceof TRPCError ? error.code : `unexpected ${String(error)}`;
  }
}
