// The process endpoints and the request pipeline as a load balancer or a client sees them.
import { expect, test } from '@playwright/test';

test.use({ storageState: { cookies: [], origins: [] } });

test('/health answers, /ready reports each check with its latency', async ({ request }) => {
  expect((await request.get('/health')).status()).toBe(200);
  const ready = await request.get('/ready');
  expect(ready.status()).toBe(200);
  const body = (await ready.json()) as {
    ok: boolean;
    checks: { name: string; ok: boolean; latencyMs: number }[];
  };
  expect(body.ok).toBe(true);
  // No OPENAI_API_KEY in the e2e server, so no llm check; the knowledge index is always checked.
  expect(body.checks.map((c) => c.name).sort()).toEqual([
    'database',
    'knowledge',
    'migrations',
    'worker',
  ]);
});

test('every response carries an x-request-id: the caller’s when sane, a new one otherwise', async ({
  request,
}) => {
  const echoed = await request.get('/health', { headers: { 'x-request-id': 'abc-123-def-456' } });
  expect(echoed.headers()['x-request-id']).toBe('abc-123-def-456');
  const generated = await request.get('/health', {
    headers: { 'x-request-id': 'bad id with spaces' },
  });
  expect(generated.headers()['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
});

test('/metrics exposes request durations by route and status, process and pool metrics', async ({
  request,
}) => {
  await request.get('/ready');
  const text = await (await request.get('/metrics')).text();
  expect(text).toMatch(
    /http_request_duration_seconds_count\{method="GET",route="\/ready",status="200"\} \d+/,
  );
  expect(text).toContain('process_cpu_seconds_total');
  expect(text).toMatch(/db_pool_in_use\{pool="app"\}/);
});

test('an unauthenticated tRPC call is 401, a bad bearer token is 401 with the reason', async ({
  request,
}) => {
  const anonymous = await request.get('/api/trpc/me.get');
  expect(anonymous.status()).toBe(401);
  const bad = await request.get('/api/trpc/me.get', {
    headers: { authorization: 'Bearer sbt_nope' },
  });
  expect(bad.status()).toBe(401);
  expect(JSON.stringify(await bad.json())).toContain('invalid or revoked API token');
});

test('a wrong password is refused on the sign-in page', async ({ page }) => {
  await page.goto('/signin');
  await page.getByLabel('Email').fill('admin@demo.switchboard.test');
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Email or password is wrong.')).toBeVisible();
  await page.goto('/campaigns');
  await expect(page).toHaveURL(/\/signin/);
});
