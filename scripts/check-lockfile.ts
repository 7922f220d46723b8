// Fails when package.json and package-lock.json disagree about the project's own dependencies
// (what `npm ci` would refuse), so `npm test` catches a forgotten lockfile before CI does.
import { readFileSync } from 'node:fs';

type Manifest = { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
type Lockfile = { packages: Record<string, Manifest> };

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as Manifest;
const root = (JSON.parse(readFileSync('package-lock.json', 'utf8')) as Lockfile).packages[''] ?? {};

const problems: string[] = [];
for (const field of ['dependencies', 'devDependencies'] as const) {
  const wanted = manifest[field] ?? {};
  const locked = root[field] ?? {};
  for (const [name, range] of Object.entries(wanted)) {
    if (locked[name] !== range)
      problems.push(
        `${field}.${name}: package.json ${range}, lockfile ${locked[name] ?? 'missing'}`,
      );
  }
  for (const name of Object.keys(locked)) {
    if (!(name in wanted)) problems.push(`${field}.${name}: in the lockfile only`);
  }
}

if (problems.length > 0) {
  console.error(
    'package-lock.json is out of date with package.json; run `npm install` and commit it:',
  );
  for (const problem of problems) console.error(`  ${problem}`);
  process.exit(1);
}
console.log('package-lock.json matches package.json');
