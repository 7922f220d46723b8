// `npm run tenant:create -- --company "Acme" --email owner@acme.test --name "Owner"`: a new company
// and its owner from the shell, for deployments with sign-up turned off. The same domain function
// as sign-up (createTenantWithOwner) and the same rules for names, e-mail and password. Without a
// password option it generates one and prints it once; `--password-stdin` reads the first line of
// stdin (keeps it out of shell history and `ps`), `--password <pw>` takes it as given.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { closeDb } from '../src/server/db/client';
import { withSystemTx } from '../src/server/db/tx';
import { DomainError } from '../src/server/domain/errors';
import { createTenantWithOwner } from '../src/server/domain/tenants/create-tenant';
import { emailSchema, personNameSchema } from '../src/lib/schemas/common';
import { companyNameSchema, passwordSchema } from '../src/lib/schemas/account';
import { resolveDatabase } from './lib/database';

const USAGE = `usage: npm run tenant:create -- --company <name> --email <owner e-mail> --name <owner name>
                              [--password <password> | --password-stdin]`;

const inputSchema = z.object({
  company: companyNameSchema,
  ownerName: personNameSchema,
  email: emailSchema,
  password: passwordSchema,
});

async function readFirstLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return (Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '').trimEnd();
}

function fail(message: string): never {
  console.error(`[tenant:create] ${message}`);
  process.exit(1);
}

const { values } = parseArgs({
  options: {
    company: { type: 'string' },
    email: { type: 'string' },
    name: { type: 'string' },
    password: { type: 'string' },
    'password-stdin': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (values.password !== undefined && values['password-stdin'])
  fail('give --password or --password-stdin, not both');

const generated = values.password === undefined && !values['password-stdin'];
// 18 random bytes: 24 characters of base64url, well past the minimum length.
const password = generated
  ? randomBytes(18).toString('base64url')
  : (values.password ?? (await readFirstLine()));

const parsed = inputSchema.safeParse({
  company: values.company ?? '',
  ownerName: values.name ?? '',
  email: values.email ?? '',
  password,
});
if (!parsed.success) {
  const fields = z.flattenError(parsed.error).fieldErrors as Record<string, string[] | undefined>;
  const flag = (field: string) =>
    ({ company: '--company', ownerName: '--name', email: '--email' })[field] ?? '--password';
  fail(
    `${Object.entries(fields)
      .map(([field, messages]) => `${flag(field)}: ${(messages ?? []).join('; ')}`)
      .join('\n')}\n${USAGE}`,
  );
}

const db = await resolveDatabase((line) => console.log(`[tenant:create] ${line}`));
try {
  const created = await withSystemTx((tx) =>
    createTenantWithOwner(tx, { ...parsed.data, via: 'operator' }),
  );
  console.log(`[tenant:create] created "${parsed.data.company}" (slug ${created.slug})`);
  console.log(`[tenant:create] tenant id ${created.tenantId}`);
  console.log(`[tenant:create] owner ${created.email} (user id ${created.userId})`);
  if (generated)
    console.log(`[tenant:create] one-time display of the owner's password: ${password}`);
} catch (error) {
  // Not fail(): the database (perhaps the embedded one) is closed in finally first.
  if (!(error instanceof DomainError)) throw error;
  console.error(`[tenant:create] ${error.message}`);
  process.exitCode = 1;
} finally {
  await closeDb();
  await db.embedded?.stop();
}
