// The app as it runs in production, as child processes: the web server (src/server/http/main.ts,
// the built Next app, which also serves the Twilio simulator) and a worker (src/worker/main.ts)
// that a drill can SIGKILL and start again. Their logs go to files, printed only on failure.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync, type WriteStream } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { DrillDatabase } from './database';
import { WEB_NODE_FLAGS } from '../../../src/server/http/node-flags';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type AppEnv = { root: string; port: number; env: NodeJS.ProcessEnv; logDir: string };

/** What web and worker share: the database, the secrets key, where the app is, a sending simulator. */
export function appEnv(
  root: string,
  db: DrillDatabase,
  logDir: string,
  overrides: Record<string, string> = {},
): AppEnv {
  const port = 43000 + Math.floor(Math.random() * 2000);
  const env: NodeJS.ProcessEnv = { ...process.env };
  // The simulator only answers when real Twilio is not configured.
  for (const name of [
    'TWILIO_ACCOUNT_SID',
    'TWILIO_AUTH_TOKEN',
    'TWILIO_MESSAGING_SERVICE_SID',
    'TWILIO_FROM',
    'STRIPE_SECRET_KEY',
    'APP_DATABASE_URL',
  ])
    delete env[name];
  Object.assign(env, {
    NODE_ENV: 'production',
    DATABASE_URL: db.url,
    SECRETS_ENCRYPTION_KEY: db.secretsKey,
    NEXTAUTH_SECRET: randomBytes(24).toString('hex'),
    HOST: '127.0.0.1',
    PORT: String(port),
    APP_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: process.env.DRILL_APP_LOG_LEVEL ?? 'warn',
    SIM_TWILIO_MODE: 'http',
    SIM_TWILIO_FAIL_RATE: '0',
    WORKER_CONCURRENCY: process.env.WORKER_CONCURRENCY ?? '8',
    WORKER_HEARTBEAT_SECONDS: process.env.WORKER_HEARTBEAT_SECONDS ?? '5',
    WORKER_METRICS_PORT: '0',
    DB_POOL_MAX: process.env.DB_POOL_MAX ?? '20',
    ...overrides,
  });
  return { root, port, env, logDir };
}

export class AppProcess {
  child: ChildProcess | null = null;
  starts = 0;
  private readonly log: WriteStream;

  constructor(
    readonly name: 'web' | 'worker',
    private readonly script: string,
    private readonly app: AppEnv,
    private readonly nodeFlags: readonly string[] = [],
  ) {
    this.log = createWriteStream(`${app.logDir}/${name}.log`, { flags: 'a' });
  }

  get logFile(): string {
    return `${this.app.logDir}/${this.name}.log`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get alive(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(): void {
    this.starts += 1;
    this.log.write(`\n--- ${this.name} start #${this.starts} at ${new Date().toISOString()} ---\n`);
    const child = spawn(process.execPath, [...this.nodeFlags, '--import', 'tsx', this.script], {
      cwd: this.app.root,
      env: { ...this.app.env, SWITCHBOARD_PROCESS: this.name },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pipe(this.log, { end: false });
    child.stderr.pipe(this.log, { end: false });
    this.child = child;
  }

  /** SIGKILL (no graceful anything) and wait until it is gone. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || !this.alive) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
  }

  /** SIGTERM, then SIGKILL after a while. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || !this.alive) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}

export const startWeb = (app: AppEnv) => {
  const web = new AppProcess('web', 'src/server/http/main.ts', app, WEB_NODE_FLAGS);
  web.start();
  return web;
};

export const startWorker = (app: AppEnv) => {
  const worker = new AppProcess('worker', 'src/worker/main.ts', app);
  worker.start();
  return worker;
};

export async function httpStatus(app: AppEnv, path: string): Promise<number | null> {
  return fetch(`http://127.0.0.1:${app.port}${path}`, { signal: AbortSignal.timeout(5_000) }).then(
    async (r) => {
      await r.arrayBuffer();
      return r.status;
    },
    () => null,
  );
}

/** Polls until `path` answers 200; throws naming the process that died, or the time spent. */
export async function waitFor200(
  app: AppEnv,
  path: string,
  timeoutMs: number,
  watch: AppProcess[],
): Promise<number> {
  const started = Date.now();
  for (;;) {
    for (const p of watch)
      if (!p.alive)
        throw new Error(
          `${p.name} exited (${p.child?.exitCode ?? p.child?.signalCode}); log: ${p.logFile}`,
        );
    if ((await httpStatus(app, path)) === 200) return Date.now() - started;
    if (Date.now() - started > timeoutMs)
      throw new Error(`${path} did not answer 200 within ${timeoutMs / 1000} s`);
    await sleep(250);
  }
}

/** Job ids the app logged under `msg` (e.g. released orphaned jobs), summed over a process log. */
export function loggedJobIds(logFile: string, msg: string): number {
  let total = 0;
  for (const line of readFileSync(logFile, 'utf8').split('\n')) {
    if (!line.includes(msg)) continue;
    try {
      total += ((JSON.parse(line) as { jobIds?: unknown[] }).jobIds ?? []).length;
    } catch {
      // not a JSON log line
    }
  }
  return total;
}

/** Log lines of a process that contain `msg`. */
export function countLogged(logFile: string, msg: string): number {
  return readFileSync(logFile, 'utf8')
    .split('\n')
    .filter((line) => line.includes(msg)).length;
}

/** Polls `path` every 250 ms until stopped; returns how often each answer came (null: none). */
export function probeStatuses(
  app: AppEnv,
  path: string,
): { stop: () => Promise<Record<string, number>> } {
  const seen: Record<string, number> = {};
  let running = true;
  const loop = (async () => {
    while (running) {
      const status = await httpStatus(app, path);
      const key = status === null ? 'no answer' : String(status);
      seen[key] = (seen[key] ?? 0) + 1;
      await sleep(250);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return seen;
    },
  };
}

/** Ctrl-C or SIGTERM: stop web, worker and database before exiting, never leave them running. */
export function cleanUpOnInterrupt(cleanUp: () => Promise<void>): void {
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: stopping web, worker and database…`);
    void cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}
