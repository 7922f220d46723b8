// `npm test`: everything CI checks, in order, stopping at the first failure:
// lockfile check ▸ prisma generate ▸ prettier --check ▸ lint (layers, cycles) ▸ promtool (alert
// rules and their tests) ▸ typecheck ▸
// Vitest (unit + integration on real Postgres) ▸ next build ▸ Playwright (Debian's Chromium). Ends with one summary line of all tests run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

process.env.NEXT_TELEMETRY_DISABLED = '1';
const reports = '.data/reports';
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

function step(name: string, command: string, args: string[]): void {
  const started = Date.now();
  console.log(`\n▶ ${name}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`✖ ${name} failed after ${seconds}s`);
    process.exit(result.status ?? 1);
  }
  console.log(`✔ ${name} (${seconds}s)`);
}

step('lockfile', 'npx', ['tsx', 'scripts/check-lockfile.ts']);
step('prisma generate', 'npx', ['tsx', 'scripts/prisma-generate.ts']);
step('format', 'npx', ['prettier', '--check', '.']);
step('lint', 'npx', ['eslint', '--max-warnings=0', '.']);
// The alert rules and their unit tests (docs/ops/prometheus); promtool is Debian's `prometheus`.
const promtool = process.env.PROMTOOL_PATH ?? '/usr/bin/promtool';
if (!existsSync(promtool)) {
  console.error('✖ promtool is missing: apt-get install -y prometheus (.ci/run does this)');
  process.exit(1);
}
step('alert rules', promtool, ['check', 'rules', 'docs/ops/prometheus/alerts.yml']);
step('alert rule tests', promtool, ['test', 'rules', 'docs/ops/prometheus/alerts.test.yml']);
step('typecheck', 'npx', ['tsc', '--noEmit']);
step('vitest', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${reports}/vitest.json`,
]);
step('next build', 'npx', ['next', 'build']);
if (!existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) {
  console.error('✖ Chromium is missing: apt-get install -y chromium (.ci/run does this)');
  process.exit(1);
}
step('playwright', 'npx', ['playwright', 'test']);

type VitestReport = {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
};
type PlaywrightReport = {
  stats: { expected: number; unexpected: number; skipped: number; flaky: number };
};
const vitest = JSON.parse(readFileSync(`${reports}/vitest.json`, 'utf8')) as VitestReport;
const playwright = JSON.parse(
  readFileSync(`${reports}/playwright.json`, 'utf8'),
) as PlaywrightReport;
const passed = vitest.numPassedTests + playwright.stats.expected + playwright.stats.flaky;
const failed = vitest.numFailedTests + playwright.stats.unexpected;
const skipped = vitest.numPendingTests + vitest.numTodoTests + playwright.stats.skipped;
console.log(
  `\nvitest ${vitest.numPassedTests} passed; playwright ${playwright.stats.expected} passed`,
);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
// Nothing may be skipped: a skipped suite proves nothing.
process.exit(failed > 0 || skipped > 0 || passed === 0 ? 1 : 0);
