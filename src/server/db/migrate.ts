// The SQL migration runner. Written here rather than using `prisma migrate` because Prisma's
// schema engine cannot be installed on these machines (it downloads a binary). It keeps Prisma's
// contract: same folder layout, same `_prisma_migrations` table and checksums, one advisory lock.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { runMigrations as runWorkerMigrations } from 'graphile-worker';
import { readMigrationFiles, type MigrationFile } from './migration-files';
import { APP_ROLE, SYSTEM_ROLE } from './roles';

/** The key `prisma migrate` itself locks on, so the two never run at once. */
const PRISMA_MIGRATE_LOCK = 72707369;

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum"            VARCHAR(64) NOT NULL,
  "finished_at"         TIMESTAMPTZ,
  "migration_name"      VARCHAR(255) NOT NULL,
  "logs"                TEXT,
  "rolled_back_at"      TIMESTAMPTZ,
  "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export class MigrationError extends Error {
  override name = 'MigrationError';
}

type Applied = {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
};

export type MigrateResult = { applied: string[]; alreadyApplied: number };

export type MigrateOptions = {
  ownerUrl: string;
  appPassword: string;
  log?: (line: string) => void;
  files?: MigrationFile[];
};

/** Checks the recorded history against the files; throws on any disagreement. */
export function planMigrations(files: MigrationFile[], applied: Applied[]): MigrationFile[] {
  const byName = new Map(files.map((f) => [f.name, f]));
  for (const row of applied) {
    if (row.rolled_back_at) continue;
    if (!row.finished_at) {
      throw new MigrationError(
        `migration ${row.migration_name} failed earlier and was never finished; fix the database and mark it rolled back`,
      );
    }
    const file = byName.get(row.migration_name);
    if (!file)
      throw new MigrationError(
        `migration ${row.migration_name} is applied but its folder is missing`,
      );
    if (file.checksum !== row.checksum) {
      throw new MigrationError(
        `migration ${row.migration_name} was modified after it was applied (checksum differs); add a new migration instead`,
      );
    }
  }
  const done = new Set(
    applied.filter((r) => r.finished_at && !r.rolled_back_at).map((r) => r.migration_name),
  );
  return files.filter((f) => !done.has(f.name));
}

async function ensureRoles(client: pg.Client, appPassword: string): Promise<void> {
  const exists = async (role: string) =>
    (await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])).rowCount === 1;
  // Roles are cluster-wide: concurrent migrations of other databases may create them too.
  const create = async (role: string, ddl: string) => {
    if (await exists(role)) return;
    try {
      await client.query(ddl);
    } catch (error) {
      if ((error as { code?: string }).code !== '42710') throw error; // duplicate_object
    }
  };
  await create(SYSTEM_ROLE, `CREATE ROLE ${SYSTEM_ROLE} NOLOGIN`);
  await create(APP_ROLE, `CREATE ROLE ${APP_ROLE} LOGIN NOINHERIT`);
  await client.query(
    `ALTER ROLE ${APP_ROLE} WITH LOGIN NOINHERIT PASSWORD ${client.escapeLiteral(appPassword)}`,
  );
  await client.query(`GRANT ${SYSTEM_ROLE} TO ${APP_ROLE}`);
  // Migrations give functions to the system role (ALTER … OWNER TO, e.g. app_webhook_connection),
  // which needs membership unless the migrator is a superuser (then pg_has_role is true already).
  await client.query(
    `DO $$ BEGIN IF NOT pg_has_role(current_user, '${SYSTEM_ROLE}', 'MEMBER') THEN EXECUTE format('GRANT ${SYSTEM_ROLE} TO %I', current_user); END IF; END $$`,
  );
}

/** Table privileges for the runtime roles; re-run after every migration so new tables are covered. */
async function grantRuntimePrivileges(client: pg.Client): Promise<void> {
  await client.query(`
    GRANT USAGE ON SCHEMA public TO ${APP_ROLE}, ${SYSTEM_ROLE};
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${APP_ROLE}, ${SYSTEM_ROLE};
    REVOKE INSERT, UPDATE, DELETE ON "_prisma_migrations" FROM ${APP_ROLE}, ${SYSTEM_ROLE};
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${APP_ROLE}, ${SYSTEM_ROLE};
    GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO ${APP_ROLE}, ${SYSTEM_ROLE};
    -- Append-only tables (those with the app_refuse_history_change trigger, e.g. audit_entries):
    -- the blanket grant above must not hand UPDATE and DELETE back.
    DO $$
    DECLARE t regclass;
    BEGIN
      FOR t IN SELECT DISTINCT tgrelid::regclass FROM pg_trigger
                WHERE tgfoid = to_regprocedure('public.app_refuse_history_change()') LOOP
        EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON %s FROM ${APP_ROLE}, ${SYSTEM_ROLE}', t);
      END LOOP;
    END $$;
  `);
}

export async function migrate(options: MigrateOptions): Promise<MigrateResult> {
  const log = options.log ?? (() => undefined);
  const files = options.files ?? readMigrationFiles();
  const client = new pg.Client({ connectionString: options.ownerUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK]);
    try {
      await ensureRoles(client, options.appPassword);
      // graphile-worker's schema first: our migrations may define functions over it.
      await runWorkerMigrations({ connectionString: options.ownerUrl, logger: undefined });
      await client.query(CREATE_MIGRATIONS_TABLE);
      const applied = (
        await client.query<Applied>(
          'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at',
        )
      ).rows;
      const pending = planMigrations(files, applied);
      for (const file of pending) {
        log(`applying ${file.name}`);
        await applyOne(client, file);
      }
      await grantRuntimePrivileges(client);
      return { applied: pending.map((f) => f.name), alreadyApplied: files.length - pending.length };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK]);
    }
  } finally {
    await client.end();
  }
}

async function applyOne(client: pg.Client, file: MigrationFile): Promise<void> {
  const id = randomUUID();
  await client.query('BEGIN');
  try {
    await client.query(
      'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())',
      [id, file.checksum, file.name],
    );
    await client.query(file.sql);
    await client.query(
      'UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1',
      [id],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw new MigrationError(`migration ${file.name} failed: ${(error as Error).message}`);
  }
}
