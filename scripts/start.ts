// `npm start` (and `npm run dev` with --dev): database, migrations, demo seed, then the web app
// and the worker as child processes. Ctrl-C or SIGTERM stops the children gracefully, then the
// embedded database; nothing is left running.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { migrate } from '../src/server/db/migrate';
import { withSystemTx } from '../src/server/db/tx';
import { closeDb } from '../src/server/db/client';
import { seedDemo } from '../src/server/domain/tenants/demo-seed';
import { getEnv } from '../src/server/env';
import { resolveDatabase } from './lib/database';
import { WEB_NODE_FLAGS } from '../src/server/http/node-flags';
import { removeRuntimeFile, writeRuntimeFile } from '../src/server/db/runtime-file';

const dev = process.argv.includes('--dev');
const log = (line: string) => console.log(`[switchboard] ${line}`);
process.env.NEXT_TELEMETRY_DISABLED = '1';

// A terminal Ctrl-C signals the whole foreground process group, embedded postgres included, which
// would then shut down under the still-draining web and worker. So the real work runs in a process
// group of its own, and this foreground process turns Ctrl-C into an orderly stop of that group.
if (process.env.SWITCHBOARD_SUPERVISED !== '1') {
  const supervised = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    detached: true,
    env: {
      ...process.env,
      SWITCHBOARD_SUPERVISED: '1',
      SWITCHBOARD_PARENT_PID: String(process.pid),
    },
  });
  const stop = () => supervised.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  supervised.on('exit', (code) => process.exit(code ?? 0));
  await new Promise(() => undefined);
}

const db = await resolveDatabase(log);
await migrate({ ownerUrl: db.url, appPassword: getEnv().APP_DB_PASSWORD, log });
const shouldSeed = Boolean(db.embedded) || process.env.SWITCHBOARD_SEED === '1';
const seeded = shouldSeed
  ? await withSystemTx((tx) => seedDemo(tx, process.env.SEED_ADMIN_PASSWORD ?? 'switchboard-demo'))
  : undefined;
await closeDb();

if (!dev && !existsSync('.next/BUILD_ID')) {
  log('no production build yet: running `next build` (once)');
  const build = spawnSync('npx', ['next', 'build'], { stdio: 'inherit', env: process.env });
  if (build.status !== 0) {
    await db.embedded?.stop();
    process.exit(build.status ?? 1);
  }
}

const childEnv: NodeJS.ProcessEnv = {
  ...process.env,
  DATABASE_URL: db.url,
  ...(dev ? {} : { NODE_ENV: 'production' }),
  ...(db.embedded ? { SWITCHBOARD_DEMO: '1' } : {}),
};
const children = new Map<string, ChildProcess>();
function launch(
  name: string,
  script: string,
  args: string[] = [],
  nodeFlags: readonly string[] = [],
): ChildProcess {
  const env: NodeJS.ProcessEnv = { ...childEnv, SWITCHBOARD_PROCESS: name };
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', script, ...args], {
    stdio: 'inherit',
    env,
  });
  children.set(name, child);
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (shuttingDown) return;
    if (name === 'web') {
      log(`web exited (${signal ?? code}); stopping`);
      void shutdown(1);
    } else {
      // Left down on purpose: /ready reports the missing worker within one heartbeat period.
      log(`worker exited (${signal ?? code}); /ready will report it. Restart with: npm run worker`);
    }
  });
  return child;
}

launch('web', 'src/server/http/main.ts', dev ? ['--dev'] : [], WEB_NODE_FLAGS);
launch('worker', 'src/worker/main.ts');

const port = getEnv().PORT;
// For `npm run worker` started by hand: where the database and web app are (removed on stop).
writeRuntimeFile({
  pid: process.pid,
  databaseUrl: db.url,
  port,
  appUrl: (getEnv().APP_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
  nodeEnv: dev ? 'development' : 'production',
  demo: Boolean(db.embedded),
});
process.once('exit', () => removeRuntimeFile(process.pid));
log(`console: http://localhost:${port}`);
if (seeded) log(`sign in as ${seeded.email} with password ${seeded.password}`);

let shuttingDown = false;
async function shutdown(code: number): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  log('stopping web and worker…');
  for (const child of children.values()) child.kill('SIGTERM');
  const deadline = Date.now() + 20_000;
  while (children.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  for (const child of children.values()) child.kill('SIGKILL');
  if (db.embedded) {
    log('stopping embedded PostgreSQL…');
    await db.embedded.stop();
  }
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
// If the foreground process is killed outright (SIGKILL), stop instead of running on orphaned.
const parentPid = Number(process.env.SWITCHBOARD_PARENT_PID);
setInterval(() => {
  try {
    process.kill(parentPid, 0);
  } catch {
    log('foreground process is gone; stopping');
    void shutdown(0);
  }
}, 1_000).unref();
