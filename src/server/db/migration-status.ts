import { readMigrationFiles, type MigrationFile } from './migration-files';

/** Names of migrations on disk that the database has not recorded as finished (used by /ready). */
export async function listPendingMigrations(
  query: (sql: string) => Promise<{ migration_name: string }[]>,
  files: MigrationFile[] = readMigrationFiles(),
): Promise<string[]> {
  const rows = await query(
    'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
  );
  const done = new Set(rows.map((r) => r.migration_name));
  return files.map((f) => f.name).filter((n) => !done.has(n));
}
