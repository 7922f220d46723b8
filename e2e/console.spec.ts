import { expect, test } from '@playwright/test';

test('the console shell shows every section', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/campaigns$/);
  const nav = page.getByRole('navigation', { name: 'Sections' });
  for (const section of [
    'Campaigns',
    'Appointments',
    'Calls',
    'Conversations',
    'Operations',
    'Privacy',
  ]) {
    await expect(nav.getByRole('link', { name: section })).toBeVisible();
  }
  await expect(page.getByTestId('tenant-name')).toHaveText('Demo Company');
  await nav.getByRole('link', { name: 'Privacy' }).click();
  await expect(page.getByRole('heading', { name: 'Privacy' })).toBeVisible();
});

test('Operations → Health shows every readiness check green', async ({ page }) => {
  await page.goto('/operations');
  await page.getByRole('link', { name: 'Health' }).click();
  await expect(page.getByTestId('overall')).toHaveText('All systems ready');
  for (const check of ['database', 'migrations', 'worker']) {
    await expect(page.getByTestId(`check-${check}`)).toContainText('ok');
  }
});

test('an API token created in the console authenticates a bearer client and stops at once when revoked', async ({
  page,
  playwright,
  baseURL,
}) => {
  await page.goto('/settings/api-tokens');
  await page.getByLabel('Token name').fill('E2E mobile client');
  await page.getByRole('button', { name: 'Create token' }).click();
  const secret = (await page.getByTestId('new-token').textContent())!.trim();
  expect(secret).toMatch(/^sbt_/);

  const mobile = await playwright.request.newContext({
    baseURL,
    extraHTTPHeaders: { authorization: `Bearer ${secret}` },
  });
  const me = await mobile.get('/api/trpc/me.get');
  expect(me.status()).toBe(200);
  expect((await me.json()) as unknown).toMatchObject({
    result: { data: { via: 'token', tenant: { slug: 'demo' } } },
  });

  await page
    .getByRole('row', { name: /E2E mobile client/ })
    .getByRole('button', { name: 'Revoke' })
    .click();
  await expect(page.getByRole('row', { name: /E2E mobile client/ })).toContainText('revoked');
  expect((await mobile.get('/api/trpc/me.get')).status()).toBe(401);
  await mobile.dispose();
});
