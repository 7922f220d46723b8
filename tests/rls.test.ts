// Tenant isolation in the database itself: as the app role, a query with no tenant filter at all
// returns only the current tenant's rows, writes into another tenant are refused, and every table
// with a tenant_id column has forced row-level security with the tenant policy.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, type TestTenant } from './helpers/fixtures';
import { getAppUrl } from '../src/server/db/urls';

let a: TestTenant;
let b: TestTenant;
const app = new pg.Client({ connectionString: getAppUrl() });
const owner = new pg.Client({ connectionString: process.env.DATABASE_URL });

async function asTenant<T>(tenantId: string | null, fn: () => Promise<T>): Promise<T> {
  await app.query('BEGIN');
  try {
    if (tenantId) await app.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
    return await fn();
  } finally {
    await app.query('ROLLBACK');
  }
}

beforeAll(async () => {
  await Promise.all([app.connect(), owner.connect()]);
  a = await createTenant('rls-a');
  b = await createTenant('rls-b');
});
afterAll(async () => {
  await Promise.all([app.end(), owner.end()]);
});

describe('row-level security under the app role', () => {
  it('connects as a role that owns no table and cannot bypass RLS', async () => {
    const { rows } = await app.query<{ user: string; bypass: boolean; owned: number }>(`
      SELECT current_user AS user, (SELECT rolbypassrls FROM pg_roles WHERE rolname = current_user) AS bypass,
             (SELECT count(*)::int FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user) AS owned`);
    expect(rows[0]).toEqual({ user: 'switchboard_app', bypass: false, owned: 0 });
  });

  it('a query without any tenant filter returns only the current tenant’s rows', async () => {
    const rows = await asTenant(
      a.tenantId,
      async () =>
        (await app.query<{ tenant_id: string }>('SELECT tenant_id FROM memberships')).rows,
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.tenant_id))).toEqual(new Set([a.tenantId]));
    const tenants = await asTenant(
      b.tenantId,
      async () => (await app.query<{ id: string }>('SELECT id FROM tenants')).rows,
    );
    expect(tenants).toEqual([{ id: b.tenantId }]);
  });

  it('sees nothing when no tenant is set', async () => {
    const count = await asTenant(
      null,
      async () =>
        (await app.query<{ n: number }>('SELECT count(*)::int AS n FROM memberships')).rows[0]?.n,
    );
    expect(count).toBe(0);
  });

  it('refuses to write a row into another tenant', async () => {
    const error = await asTenant(a.tenantId, () =>
      app.query(`INSERT INTO audit_entries (tenant_id, action, subject) VALUES ($1, 'x', 'y')`, [
        b.tenantId,
      ]),
    ).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/row-level security/);
  });

  it('cannot read another tenant’s user through the users table', async () => {
    const emails = await asTenant(a.tenantId, async () =>
      (await app.query<{ email: string }>('SELECT email FROM users')).rows.map((r) => r.email),
    );
    expect(emails).toContain(a.owner.email);
    expect(emails).not.toContain(b.owner.email);
  });
});

describe('every tenant table is protected', () => {
  it('has RLS enabled and forced with a tenant policy on each table that has a tenant_id column', async () => {
    const { rows } = await owner.query<{
      table: string;
      enabled: boolean;
      forced: boolean;
      policies: string[];
    }>(`
      SELECT c.relname AS table, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
             coalesce((SELECT array_agg(p.polname::text) FROM pg_policy p WHERE p.polrelid = c.oid), '{}') AS policies
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
      WHERE c.relkind = 'r' AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)`);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    const unprotected = rows
      .filter((r) => !r.enabled || !r.forced || !r.policies.includes('tenant_isolation'))
      .map((r) => r.table);
    expect(unprotected).toEqual([]);
  });
});
