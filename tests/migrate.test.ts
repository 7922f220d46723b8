import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, MigrationError, planMigrations } from '../src/server/db/migrate';
import { readMigrationFiles } from '../src/server/db/migration-files';

const created: string[] = [];
const admin = () => {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = '/postgres';
  return url;
};

async function freshDatabase(): Promise<string> {
  const name = `sb_mig_${randomBytes(5).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin().toString() });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  created.push(name);
  const url = admin();
  url.pathname = `/${name}`;
  return url.toString();
}

afterAll(async () => {
  const client = new pg.Client({ connectionString: admin().toString() });
  await client.connect();
  for (const name of created) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await client.end();
});

const appPassword = process.env.APP_DB_PASSWORD ?? 'switchboard-app-dev';

describe('migrate', () => {
  it('records migrations as Prisma does and applies nothing the second time', async () => {
    const url = await freshDatabase();
    const first = await migrate({ ownerUrl: url, appPassword });
    expect(first.applied).toEqual(readMigrationFiles().map((f) => f.name));
    const second = await migrate({ ownerUrl: url, appPassword });
    expect(second).toEqual({ applied: [], alreadyApplied: first.applied.length });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const rows = (
      await client.query<{
        migration_name: string;
        checksum: string;
        applied_steps_count: number;
        finished_at: Date | null;
      }>('SELECT * FROM _prisma_migrations ORDER BY migration_name')
    ).rows;
    await client.end();
    expect(rows.map((r) => r.migration_name)).toEqual(first.applied);
    for (const [i, file] of readMigrationFiles().entries()) {
      expect(rows[i]).toMatchObject({ checksum: file.checksum, applied_steps_count: 1 });
      expect(rows[i]!.finished_at).toBeInstanceOf(Date);
    }
  });

  it('two concurrent runs apply each migration once (advisory lock)', async () => {
    const url = await freshDatabase();
    const [a, b] = await Promise.all([
      migrate({ ownerUrl: url, appPassword }),
      migrate({ ownerUrl: url, appPassword }),
    ]);
    const total = readMigrationFiles().length;
    expect(a.applied.length + b.applied.length).toBe(total);
    expect([a.applied.length, b.applied.length].sort()).toEqual([0, total]);
  });

  it('refuses to run when an applied migration file was changed', async () => {
    const url = await freshDatabase();
    const files = readMigrationFiles();
    await migrate({ ownerUrl: url, appPassword, files });
    const tampered = files.map((f, i) => (i === 0 ? { ...f, checksum: 'f'.repeat(64) } : f));
    await expect(migrate({ ownerUrl: url, appPassword, files: tampered })).rejects.toThrow(
      /modified after it was applied/,
    );
  });

  it('a failing migration rolls back whole and is not recorded as applied', async () => {
    const url = await freshDatabase();
    const files = [
      ...readMigrationFiles(),
      {
        name: '29990101000000_broken',
        sql: 'CREATE TABLE half_done (id int); SELECT no_such_function();',
        checksum: 'x'.repeat(64),
      },
    ];
    await expect(migrate({ ownerUrl: url, appPassword, files })).rejects.toBeInstanceOf(
      MigrationError,
    );
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const table = await client.query(`SELECT to_regclass('public.half_done') AS t`);
    const recorded = await client.query(
      `SELECT 1 FROM _prisma_migrations WHERE migration_name = '29990101000000_broken'`,
    );
    await client.end();
    expect(table.rows[0]).toEqual({ t: null });
    expect(recorded.rowCount).toBe(0);
  });

  it('plans: a missing folder, an unfinished migration and a changed file are all refused', () => {
    const files = [{ name: 'a', sql: '', checksum: '1' }];
    const done = new Date();
    expect(() =>
      planMigrations(files, [
        { migration_name: 'b', checksum: '1', finished_at: done, rolled_back_at: null },
      ]),
    ).toThrow(MigrationError);
    expect(() =>
      planMigrations(files, [
        { migration_name: 'a', checksum: '1', finished_at: null, rolled_back_at: null },
      ]),
    ).toThrow(/never finished/);
    expect(() =>
      planMigrations(files, [
        { migration_name: 'a', checksum: '2', finished_at: done, rolled_back_at: null },
      ]),
    ).toThrow(/modified/);
    expect(
      planMigrations(files, [
        { migration_name: 'a', checksum: '2', finished_at: done, rolled_back_at: done },
      ]),
    ).toEqual(files);
  });
});
