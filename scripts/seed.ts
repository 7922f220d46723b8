// `npm run db:seed`: the demo tenant and its owner (idempotent).
import { closeDb } from '../src/server/db/client';
import { withSystemTx } from '../src/server/db/tx';
import { seedDemo } from '../src/server/domain/tenants/demo-seed';
import { resolveDatabase } from './lib/database';

const log = (line: string) => console.log(`[seed] ${line}`);
const db = await resolveDatabase(log);
try {
  const password = process.env.SEED_ADMIN_PASSWORD ?? 'switchboard-demo';
  const result = await withSystemTx((tx) => seedDemo(tx, password));
  log(
    result.created
      ? `created demo tenant; sign in as ${result.email} / ${password}`
      : 'demo tenant already present',
  );
} finally {
  await closeDb();
  await db.embedded?.stop();
}
