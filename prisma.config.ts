import { defineConfig } from 'prisma/config';

// Only `prisma generate` is used: migrations are applied by src/server/db/migrate.ts.
export default defineConfig({
  schema: 'prisma/schema',
  migrations: { path: 'prisma/migrations' },
});
