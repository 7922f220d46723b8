// `npm run db:migrate`: applies prisma/migrations to DATABASE_URL (or the embedded database).
import { migrate } from '../src/server/db/migrate';
import { getEnv } from '../src/server/env';
import { resolveDatabase } from './lib/database';

const log = (line: string) => console.log(`[migrate] ${line}`);
const db = await resolveDatabase(log);
try {
  const result = await migrate({ ownerUrl: db.url, appPassword: getEnv().APP_DB_PASSWORD, log });
  log(`${result.applied.length} applied, ${result.alreadyApplied} already applied`);
} catch (error) {
  console.error(`[migrate] ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await db.embedded?.stop();
}
