// What both drills stand on: the build, a fresh database, the web app and a worker as child
// processes with their logs in a temporary directory, and one clean-up (on the way out or on
// Ctrl-C). A failed run keeps its database (on DATABASE_URL's server) for inspection.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureBuild } from './build';
import { createDrillDatabase, type DrillDatabase } from './database';
import { appEnv, cleanUpOnInterrupt, startWeb, startWorker } from './processes';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export type DrillStage = {
  db: DrillDatabase;
  logDir: string;
  app: ReturnType<typeof appEnv>;
  web: ReturnType<typeof startWeb>;
  worker: ReturnType<typeof startWorker>;
  cleanUp: (keep: boolean) => Promise<void>;
};

export async function startStage(
  root: string,
  embedded: 'always' | 'unless-database-url',
  /** Environment for web and worker on top of the drills' defaults. */
  overrides: Record<string, string> = {},
): Promise<DrillStage> {
  await ensureBuild(root);
  const db = await createDrillDatabase(root, { embedded });
  const logDir = mkdtempSync(path.join(tmpdir(), 'switchboard-drill-'));
  const app = appEnv(root, db, logDir, overrides);
  const web = startWeb(app);
  const worker = startWorker(app);
  let cleaning: Promise<void> | undefined;
  const cleanUp = (keep: boolean) =>
    (cleaning ??= (async () => {
      await worker.stop();
      await web.stop();
      await db.drop({ keep });
    })());
  cleanUpOnInterrupt(() => cleanUp(false));
  return { db, logDir, app, web, worker, cleanUp };
}
