// Before a test file imports anything that connects: its own database, cloned from the template.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import { resetEnvForTests } from '../../src/server/env';
import { closeDb } from '../../src/server/db/client';

const adminUrl = inject('adminUrl');
const dbName = `sb_t_${inject('runId')}_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName} TEMPLATE ${inject('templateDb')}`);
await admin.end();

const url = new URL(adminUrl);
url.pathname = `/${dbName}`;
process.env.DATABASE_URL = url.toString();
resetEnvForTests();

afterAll(async () => {
  await closeDb();
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await client.end();
});
