// `npm run worker` by hand, without DATABASE_URL (as the start log recommends after a worker died):
// it finds the running `npm start`'s database through .data/runtime.json, or says what to do.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  discoverRuntime,
  removeRuntimeFile,
  writeRuntimeFile,
  type Runtime,
} from '../src/server/db/runtime-file';
import { ownerQuery } from './helpers/fixtures';
import { waitFor } from './helpers/wait-for';

const dir = mkdtempSync(path.join(tmpdir(), 'sb-runtime-'));
const note = (over: Partial<Runtime> = {}): Runtime => ({
  pid: process.pid,
  databaseUrl: process.env.DATABASE_URL!,
  port: 3999,
  appUrl: 'http://localhost:3999',
  nodeEnv: 'development',
  demo: true,
  ...over,
});

type Run = { code: number | null; stdout: string; stderr: string; pid?: number };

/** The worker exactly as `npm run worker` starts it, with DATABASE_URL unset. */
function startWorkerProcess(file: string) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SWITCHBOARD_RUNTIME_FILE: file,
    WORKER_METRICS_PORT: '0',
    LOG_LEVEL: 'info',
  };
  delete env.DATABASE_URL;
  delete env.APP_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/worker/main.ts'], { env });
  const run: Run = { code: null, stdout: '', stderr: '', pid: child.pid };
  child.stdout.on('data', (d: Buffer) => (run.stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (run.stderr += d.toString()));
  const exited = new Promise<Run>((resolve) =>
    child.on('exit', (code) => resolve({ ...run, code })),
  );
  return { child, run, exited };
}

describe('the runtime file', () => {
  it('names what to do when there is none, or its npm start is gone', () => {
    const missing = discoverRuntime(path.join(dir, 'none.json'));
    expect(missing).toMatchObject({ ok: false });
    expect(!missing.ok && missing.message).toMatch(/no `npm start` is running.*set DATABASE_URL/);

    const stale = path.join(dir, 'stale.json');
    writeRuntimeFile(note({ pid: 2 ** 22 + 12345 }), stale);
    const gone = discoverRuntime(stale);
    expect(!gone.ok && gone.message).toMatch(/is no longer running/);

    const live = path.join(dir, 'live.json');
    writeRuntimeFile(note(), live);
    expect(discoverRuntime(live)).toEqual({ ok: true, runtime: note() });
    removeRuntimeFile(process.pid + 1, live);
    expect(discoverRuntime(live).ok).toBe(true);
    removeRuntimeFile(process.pid, live);
    expect(discoverRuntime(live).ok).toBe(false);
  });

  it('`npm run worker` without DATABASE_URL exits with that sentence when nothing runs', async () => {
    const { exited } = startWorkerProcess(path.join(dir, 'absent.json'));
    const result = await exited;
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/DATABASE_URL is not set and no `npm start` is running/);
  });

  it('`npm run worker` without DATABASE_URL joins the database named by a live note', async () => {
    const file = path.join(dir, 'runtime.json');
    writeRuntimeFile(note(), file);
    const { child, run, exited } = startWorkerProcess(file);
    try {
      // Its heartbeat in this file's database, under its own pid.
      await waitFor(
        async () =>
          (
            await ownerQuery<{ n: number }>(
              'SELECT count(*)::int AS n FROM worker_heartbeats WHERE pid = $1',
              [run.pid],
            )
          )[0]!.n > 0,
        { timeoutMs: 30_000 },
      ).catch((error: Error) => {
        throw new Error(`${error.message}; the worker said: ${run.stdout} ${run.stderr}`);
      });
      expect(run.stdout).toMatch(/using the database and web app of the running `npm start`/);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });
});
