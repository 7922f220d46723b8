// `npm run web`: the production web process exactly as `npm start` runs it: the custom server in
// src/server/http (request ids, HTTP metrics) under the web node flags. This launcher exists only
// because node flags cannot be given to an already running process.
import { spawn } from 'node:child_process';
import { WEB_NODE_FLAGS } from '../src/server/http/node-flags';

const child = spawn(
  process.execPath,
  [...WEB_NODE_FLAGS, '--import', 'tsx', 'src/server/http/main.ts', ...process.argv.slice(2)],
  { stdio: 'inherit', env: { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'production' } },
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
