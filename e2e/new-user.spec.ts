// What a new user meets first, with the console opened at 127.0.0.1 on the e2e port (not 3000)
// and APP_URL unset (its default is http://localhost:PORT): sign-out and Checkout come back to
// 127.0.0.1, a signed-out cookie is dead, a cancelled campaign's figures settle to the ledger's,
// errors are sentences, and a phone-wide screen does not scroll sideways.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
// As e2e/auth.setup.ts (a test file, which a spec may not import).
const DEMO_EMAIL = 'admin@demo.switchboard.test';
const DEMO_PASSWORD = 'switchboard-demo';

const numberIn = async (page: Page, testId: string) =>
  Number((await page.getByTestId(testId).innerText()).replace(/[^0-9-]/g, ''));

async function trpcGet<T>(request: APIRequestContext, path: string, input: unknown): Promise<T> {
  const response = await request.get(
    `/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`,
  );
  expect(response.status()).toBe(200);
  return ((await response.json()) as { result: { data: T } }).result.data;
}

test.describe('signing out', () => {
  // A session of its own: signing out the shared one would sign out every other spec.
  test.use({ storageState: { cookies: [], origins: [] } });

  test('lands on 127.0.0.1’s sign-in page, and a cookie copied before no longer works', async ({
    page,
    playwright,
    baseURL,
  }) => {
    expect(new URL(baseURL!).port).not.toBe('3000');
    await page.goto('/signin');
    await page.getByLabel('Email').fill(DEMO_EMAIL);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('navigation', { name: 'Sections' })).toBeVisible();
    const cookie = (await page.context().cookies())
      .filter((c) => c.name.includes('next-auth.session-token'))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
    expect(cookie).not.toBe('');

    const copied = await playwright.request.newContext({
      baseURL,
      extraHTTPHeaders: { cookie },
    });
    expect((await copied.get('/api/trpc/me.get')).status()).toBe(200);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(`${baseURL}/signin`);
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();

    expect((await copied.get('/api/trpc/me.get')).status()).toBe(401);
    await copied.dispose();
  });
});

test('buying credits returns signed in on 127.0.0.1 with the wallet credited', async ({
  page,
  baseURL,
}) => {
  await page.goto('/campaigns/wallet');
  await expect(page.getByTestId('wallet-balance')).not.toHaveText('…');
  const start = await numberIn(page, 'wallet-balance');
  await page.getByLabel('Pack').selectOption('credits-1000');
  await page.getByRole('button', { name: 'Buy credits' }).click();
  await expect(page).toHaveURL(new RegExp(`^${baseURL}/campaigns/wallet\\?checkout=cs_`));
  await expect(page.getByRole('heading', { name: 'Wallet' })).toBeVisible();
  const checkout = page.getByTestId('simulated-checkout');
  await checkout.getByRole('button', { name: 'Pay (simulator)' }).click();
  await expect(page.getByTestId('wallet-balance')).toHaveText(
    (start + 1_000).toLocaleString('en-GB'),
  );
});

test('a campaign cancelled while sending settles to the ledger’s figures', async ({ page }) => {
  test.setTimeout(180_000);
  const tag = `cancel-${Date.now().toString(36)}`;
  const rows = Array.from(
    { length: 300 },
    (_, i) => `+49151${String(55_000_000 + i * 100 + 1).padStart(8, '0')},Person ${i},${tag},yes`,
  );
  await page.goto('/campaigns/contacts');
  await page.getByLabel('File').setInputFiles({
    name: 'many.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(['phone,name,tags,consent', ...rows].join('\n')),
  });
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByTestId('import-created')).toHaveText('300', { timeout: 30_000 });

  await page.goto('/campaigns/wallet');
  await expect(page.getByTestId('wallet-balance')).not.toHaveText('…');
  const start = await numberIn(page, 'wallet-balance');
  await page.getByLabel('Pack').selectOption('credits-1000');
  await page.getByRole('button', { name: 'Buy credits' }).click();
  await page
    .getByTestId('simulated-checkout')
    .getByRole('button', { name: 'Pay (simulator)' })
    .click();
  await expect(page.getByTestId('wallet-balance')).toHaveText(
    (start + 1_000).toLocaleString('en-GB'),
  );

  await page.goto('/campaigns/new');
  await page.getByLabel('Campaign name').fill(`Cancelled ${tag}`);
  await page.getByLabel('Message', { exact: true }).fill('Short note. Reply STOP to opt out.');
  await page.getByLabel('Has any of these tags').fill(tag);
  await expect(page.getByTestId('preview-sendable')).toHaveText('300');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page).toHaveURL(/\/campaigns\/[0-9a-f-]{36}\/edit$/);
  const campaignId = /\/campaigns\/([0-9a-f-]{36})\/edit$/.exec(page.url())![1]!;
  await expect(page.getByTestId('preview-covered')).toHaveText('The wallet covers this campaign.');
  await page.getByRole('button', { name: 'Launch…' }).click();
  await page.getByRole('button', { name: 'Confirm launch' }).click();
  await expect(page).toHaveURL(new RegExp(`/campaigns/${campaignId}$`));

  page.on('dialog', (dialog) => void dialog.accept());
  await expect(page.getByTestId('campaign-status')).toHaveAttribute('data-status', 'SENDING');
  await page.getByRole('button', { name: 'Cancel campaign' }).click();
  await expect(page.getByTestId('campaign-status')).toHaveAttribute('data-status', 'CANCELLED');

  // The page keeps polling until every recipient is final, then shows what the ledger holds.
  await expect(page.getByTestId('count-pending')).toHaveText('0', { timeout: 60_000 });
  await expect(page.getByTestId('count-sent')).toHaveText('0', { timeout: 60_000 });
  let debited = 0;
  let cursor: string | undefined;
  do {
    const ledger = await trpcGet<{
      items: { kind: string; amount: number; description: string }[];
      nextCursor: string | null;
    }>(page.request, 'wallet.ledger', { limit: 200, cursor });
    for (const entry of ledger.items)
      if (entry.kind === 'DEBIT' && JSON.stringify(entry).includes(campaignId))
        debited -= entry.amount;
    cursor = ledger.nextCursor ?? undefined;
  } while (cursor);
  const stored = await trpcGet<{ campaign: { creditsSpent: number } }>(
    page.request,
    'campaigns.get',
    { id: campaignId },
  );
  expect(stored.campaign.creditsSpent).toBe(debited);
  await expect(page.getByTestId('credits-spent')).toHaveText(debited.toLocaleString('en-GB'));
});

test('a bad API token name is a sentence next to its field, not zod’s JSON', async ({ page }) => {
  await page.goto('/settings/api-tokens');
  await page.getByLabel('Token name').fill('   ');
  await page.getByRole('button', { name: 'Create token' }).click();
  const label = page.locator('label', { hasText: 'Token name' });
  await expect(label.locator('.field-error')).toHaveText('Required.');
  const text = await page.locator('main').innerText();
  expect(text).not.toContain('[{');
  expect(text).not.toContain('"code"');
});

test('pages at 390 px wide have no horizontal scrollbar', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  for (const path of [
    '/campaigns',
    '/campaigns/contacts',
    '/campaigns/wallet',
    '/operations/webhooks',
    '/operations/audit',
    '/settings/api-tokens',
  ]) {
    await page.goto(path);
    await expect(page.getByRole('navigation', { name: 'Sections' })).toBeVisible();
    await page.waitForLoadState('networkidle');
    const { scrollWidth, innerWidth, wide } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      // What sticks out, to name in the failure.
      wide: [...document.querySelectorAll('body *')]
        .filter(
          (e) =>
            !e.parentElement?.closest('.table-scroll') &&
            e.getBoundingClientRect().right > window.innerWidth,
        )
        .slice(0, 5)
        .map((e) => `${e.tagName.toLowerCase()}.${e.className}`),
    }));
    expect(scrollWidth, `${path}: ${wide.join(', ')}`).toBeLessThanOrEqual(innerWidth);
  }
});
