// `npm start` leaves a note of what it runs (.data/runtime.json: the database URL, the web port and
// origin, its own pid) while it runs, so `npm run worker`, which the start log recommends after a
// worker died, finds the embedded database by itself: that database's URL is chosen at start and
// is in no environment the user has.
import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** SWITCHBOARD_RUNTIME_FILE moves it (tests, so they never touch a real `npm start`'s note). */
export const RUNTIME_FILE =
  process.env.SWITCHBOARD_RUNTIME_FILE ?? path.join('.data', 'runtime.json');

const runtimeSchema = z.object({
  pid: z.number().int().positive(),
  databaseUrl: z.string().url(),
  port: z.number().int().min(1).max(65535),
  appUrl: z.string().url(),
  nodeEnv: z.enum(['development', 'production']),
  demo: z.boolean(),
});
export type Runtime = z.infer<typeof runtimeSchema>;

export function writeRuntimeFile(runtime: Runtime, file = RUNTIME_FILE): void {
  mkdirSync(path.dirname(file), { recursive: true });
  // It holds a database password: readable by its owner only.
  writeFileSync(file, `${JSON.stringify(runtime, null, 2)}\n`, { mode: 0o600 });
}

/** Removes the note if it is this process's own (a second `npm start` must not lose the first's). */
export function removeRuntimeFile(pid: number, file = RUNTIME_FILE): void {
  try {
    const current = runtimeSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!current.success || current.data.pid === pid) rmSync(file, { force: true });
  } catch {
    // no file, or unreadable: nothing of ours to remove
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but another user's
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export type Discovery = { ok: true; runtime: Runtime } | { ok: false; message: string };

const HOW =
  'set DATABASE_URL (and APP_URL) to the database and web app the worker should serve, or start everything with `npm start`';

/** The running `npm start`'s note, or a sentence saying why there is none and what to do. */
export function discoverRuntime(file = RUNTIME_FILE): Discovery {
  if (!existsSync(file))
    return {
      ok: false,
      message: `DATABASE_URL is not set and no \`npm start\` is running (no ${file}): ${HOW}`,
    };
  let parsed: ReturnType<typeof runtimeSchema.safeParse>;
  try {
    parsed = runtimeSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return {
      ok: false,
      message: `DATABASE_URL is not set and ${file} is not readable JSON: ${HOW}`,
    };
  }
  if (!parsed.success)
    return {
      ok: false,
      message: `DATABASE_URL is not set and ${file} is not a runtime note: ${HOW}`,
    };
  if (!isAlive(parsed.data.pid))
    return {
      ok: false,
      message: `DATABASE_URL is not set and the \`npm start\` that wrote ${file} (pid ${parsed.data.pid}) is no longer running: ${HOW}`,
    };
  return { ok: true, runtime: parsed.data };
}

/** Fills the environment from a discovered runtime, leaving whatever the user set alone. */
export function applyRuntime(runtime: Runtime, env: NodeJS.ProcessEnv = process.env): void {
  env.DATABASE_URL ??= runtime.databaseUrl;
  env.PORT ??= String(runtime.port);
  env.APP_URL ??= runtime.appUrl;
  (env as Record<string, string>).NODE_ENV ??= runtime.nodeEnv;
  if (runtime.demo) env.SWITCHBOARD_DEMO ??= '1';
}
