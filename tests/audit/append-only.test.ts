// The audit trail is append-only in the database itself: the runtime roles can add entries but
// not change or remove them (no privilege), and a trigger refuses it even where a privilege exists
// (the owner, or a grant someone adds later).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, type TestTenant } from '../helpers/fixtures';
import { getAppUrl } from '../../src/server/db/urls';

let tenant: TestTenant;
const app = new pg.Client({ connectionString: getAppUrl() });
const owner = new pg.Client({ connectionString: process.env.DATABASE_URL });

/** One statement in a rolled-back transaction: as the app role in the tenant, or as the owner. */
async function attempt(
  client: pg.Client,
  sql: string,
  options: { tenantId?: string; setup?: string[] } = {},
): Promise<{ ok: true; rowCount: number | null } | { ok: false; code: string; message: string }> {
  await client.query('BEGIN');
  try {
    for (const statement of options.setup ?? []) await client.query(statement);
    if (options.tenantId)
      await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [options.tenantId]);
    const result = await client.query(sql);
    return { ok: true, rowCount: result.rowCount };
  } catch (error) {
    const e = error as { code: string; message: string };
    return { ok: false, code: e.code, message: e.message };
  } finally {
    await client.query('ROLLBACK');
  }
}

const insert = (tenantId: string) =>
  `INSERT INTO audit_entries (tenant_id, action, subject) VALUES ('${tenantId}', 'test.appended', 'test:1')`;

beforeAll(async () => {
  await Promise.all([app.connect(), owner.connect()]);
  tenant = await createTenant('audit-ao');
  await owner.query(insert(tenant.tenantId));
});
afterAll(async () => {
  await Promise.all([app.end(), owner.end()]);
});

describe('audit_entries as the app role, inside a tenant transaction', () => {
  const scope = () => ({ tenantId: tenant.tenantId });

  it('can insert an entry', async () => {
    expect(await attempt(app, insert(tenant.tenantId), scope())).toEqual({ ok: true, rowCount: 1 });
  });

  it('cannot update an entry', async () => {
    const result = await attempt(app, `UPDATE audit_entries SET action = 'rewritten'`, scope());
    expect(result).toMatchObject({ ok: false, code: '42501' });
    expect(result.ok || result.message).toMatch(/permission denied/);
  });

  it('cannot delete an entry', async () => {
    const result = await attempt(app, `DELETE FROM audit_entries`, scope());
    expect(result).toMatchObject({ ok: false, code: '42501' });
    expect(result.ok || result.message).toMatch(/permission denied/);
  });

  it('neither runtime role holds UPDATE, DELETE or TRUNCATE (the runner re-applies the revoke)', async () => {
    const { rows } = await owner.query<{ role: string; privilege: string; held: boolean }>(`
      SELECT r AS role, p AS privilege, has_table_privilege(r, 'audit_entries', p) AS held
        FROM unnest(ARRAY['switchboard_app', 'switchboard_system']) r,
             unnest(ARRAY['INSERT', 'SELECT', 'UPDATE', 'DELETE', 'TRUNCATE']) p`);
    const held = rows.filter((r) => r.held).map((r) => `${r.role} ${r.privilege}`);
    expect(held.sort()).toEqual([
      'switchboard_app INSERT',
      'switchboard_app SELECT',
      'switchboard_system INSERT',
      'switchboard_system SELECT',
    ]);
  });
});

describe('the trigger, wherever a privilege exists', () => {
  // A grant made in the same (rolled-back) transaction, then the app role uses it.
  const grantedThenApp = () => ({
    setup: [
      'GRANT UPDATE, DELETE ON audit_entries TO switchboard_app',
      'SET LOCAL ROLE switchboard_app',
    ],
    tenantId: tenant.tenantId,
  });

  it.each([
    ['UPDATE', `UPDATE audit_entries SET action = 'rewritten'`],
    ['DELETE', `DELETE FROM audit_entries`],
  ])('refuses %s by the app role even after a GRANT', async (op, sql) => {
    const result = await attempt(owner, sql, grantedThenApp());
    expect(result).toMatchObject({ ok: false, code: '42501' });
    expect(result.ok || result.message).toBe(`audit_entries is append-only: ${op} refused`);
  });

  it.each([
    ['UPDATE', `UPDATE audit_entries SET action = 'rewritten'`],
    ['DELETE', `DELETE FROM audit_entries`],
    ['TRUNCATE', `TRUNCATE audit_entries`],
  ])('refuses %s by the table owner', async (op, sql) => {
    const result = await attempt(owner, sql);
    expect(result).toMatchObject({
      ok: false,
      message: `audit_entries is append-only: ${op} refused`,
    });
  });

  it('refuses even a statement that matches no row', async () => {
    const result = await attempt(owner, `DELETE FROM audit_entries WHERE false`);
    expect(result).toMatchObject({ ok: false, code: '42501' });
  });

  it('leaves every entry as it was written', async () => {
    const { rows } = await owner.query<{ action: string }>(
      `SELECT action FROM audit_entries WHERE tenant_id = $1`,
      [tenant.tenantId],
    );
    expect(rows.map((r) => r.action)).toEqual(['test.appended']);
  });
});
