// The web server runs the production build in .next. Built if missing (or, with DRILL_REBUILD=1,
// older than the source); another `next build` in the same directory is waited out first (two
// builds would clobber each other).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A `next build` whose working directory is `root` (builds of other checkouts do not clash). */
const buildRunning = (root: string) =>
  spawnSync('pgrep', ['-f', 'next build'], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter(Boolean)
    .some((pid) => {
      try {
        return realpathSync(`/proc/${pid}/cwd`) === realpathSync(root);
      } catch {
        return false;
      }
    });

async function waitForOtherBuilds(root: string): Promise<void> {
  let said = false;
  while (buildRunning(root)) {
    if (!said) console.log('waiting for a `next build` already running in this directory…');
    said = true;
    await sleep(5_000);
  }
}

export async function ensureBuild(root: string): Promise<void> {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  await waitForOtherBuilds(root);
  const stale = existsSync(buildId) ? newerThanBuild(root, buildId) : 0;
  if (existsSync(buildId) && !(stale > 0 && process.env.DRILL_REBUILD === '1')) {
    // The web runs the build, the worker runs source: a job payload changed since the build
    // makes the two disagree (jobs failing as invalid), which is no finding of the drill.
    if (stale > 0)
      console.warn(
        `note: ${stale} source file(s) changed after the build, which the web server runs (the worker runs source); DRILL_REBUILD=1 rebuilds first`,
      );
    return;
  }
  console.log(
    `${stale ? 'stale' : 'no'} production build: running \`next build\` (output in /tmp/switchboard-drill-build.log)…`,
  );
  const out = spawnSync('sh', ['-c', 'npx next build > /tmp/switchboard-drill-build.log 2>&1'], {
    cwd: root,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (out.status !== 0 || !existsSync(buildId))
    throw new Error('`next build` failed: see /tmp/switchboard-drill-build.log');
}

/** Source files (tests aside) newer than the build. */
function newerThanBuild(root: string, buildId: string): number {
  const builtAt = statSync(buildId).mtimeMs;
  let newer = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (
        /\.tsx?$/.test(entry.name) &&
        !entry.name.endsWith('.test.ts') &&
        statSync(full).mtimeMs > builtAt
      )
        newer += 1;
    }
  };
  walk(path.join(root, 'src'));
  return newer;
}
