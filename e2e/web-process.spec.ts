// `npm run web` (the README's production recipe) starts the same custom server `npm start` runs:
// request ids and HTTP metrics, not a bare `next start`.
import { spawn, type ChildProcess } from 'node:child_process';
import { expect, test } from '@playwright/test';

test.use({ storageState: { cookies: [], origins: [] } });

const port = Number(process.env.E2E_WEB_PORT ?? 3190);
const base = `http://127.0.0.1:${port}`;

async function waitForHealth(child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm run web exited with ${child.exitCode}`);
    const ok = await fetch(`${base}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('npm run web did not answer /health within 60 s');
}

test('npm run web serves request ids and /metrics with http_request_duration_seconds', async () => {
  test.setTimeout(90_000);
  const child = spawn('npm', ['run', 'web'], {
    stdio: 'ignore',
    detached: true,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      // Production refuses to start without these; /health and /metrics need no database.
      NEXTAUTH_SECRET: 'e2e-web-process-secret-0123456789',
      SECRETS_ENCRYPTION_KEY: '11'.repeat(32),
      DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://nobody@127.0.0.1:1/unused',
    },
  });
  try {
    await waitForHealth(child);
    const health = await fetch(`${base}/health`, {
      headers: { 'x-request-id': 'web-proc-check-1' },
    });
    expect(health.headers.get('x-request-id')).toBe('web-proc-check-1');
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(
      /http_request_duration_seconds_count\{[^}]*route="\/health"[^}]*\} [1-9]/,
    );
  } finally {
    // The whole group: npm, the launcher and the server.
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
  }
  await expect.poll(() => child.exitCode !== null || child.signalCode !== null).toBe(true);
});
