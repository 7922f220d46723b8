// Reads prisma/migrations in Prisma's layout: <timestamp>_<name>/migration.sql, applied in
// lexical order, checksummed as Prisma does (SHA-256 hex of the file).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';

export type MigrationFile = { name: string; sql: string; checksum: string };

export function migrationsDir(): string {
  return path.resolve(
    /*turbopackIgnore: true*/ process.env.MIGRATIONS_DIR ??
      path.join(/*turbopackIgnore: true*/ process.cwd(), 'prisma', 'migrations'),
  );
}

export function readMigrationFiles(dir = migrationsDir()): MigrationFile[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}
