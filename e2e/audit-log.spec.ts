// The audit log as an admin reads it: an action done in the console (saving a campaign draft)
// shows up under Operations → Audit log with who did it, filtered by action, and its object links
// back to the campaign. A time range the wrong way round is refused next to its field.
import { expect, test } from '@playwright/test';

test('a saved draft appears in the audit log with its actor and links back to the campaign', async ({
  page,
}) => {
  const name = `Audit e2e ${Date.now().toString(36)}`;
  let campaignId = '';

  await test.step('save a campaign draft in the console', async () => {
    await page.goto('/campaigns');
    await page.getByRole('link', { name: 'New campaign' }).click();
    await page.getByLabel('Campaign name').fill(name);
    await page.getByLabel('Message', { exact: true }).fill('Hello {{first_name|there}}');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect(page).toHaveURL(/\/campaigns\/[0-9a-f-]{36}\/edit$/);
    campaignId = /\/campaigns\/([0-9a-f-]{36})\/edit$/.exec(page.url())![1]!;
  });

  const entry = page
    .getByTestId('audit-entry')
    .filter({ has: page.getByRole('link', { name: `Campaign ${campaignId.slice(0, 8)}` }) });

  await test.step('find it under Operations → Audit log, filtered by action', async () => {
    await page.goto('/operations');
    await page.getByRole('main').getByRole('link', { name: 'Audit log' }).click();
    await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
    await expect(
      page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Audit log' }),
    ).toHaveAttribute('aria-current', 'page');

    await page.getByLabel('Action starts with').fill('campaign.created');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(entry).toHaveCount(1);
    await expect(entry.getByTestId('audit-action')).toHaveText('campaign.created');
    await expect(entry.getByTestId('audit-actor')).toContainText('Demo Admin');
    // The filter holds: every entry shown is a campaign.created.
    for (const action of await page.getByTestId('audit-action').allTextContents())
      expect(action).toBe('campaign.created');
  });

  await test.step('a time range the wrong way round is refused with a sentence by its field', async () => {
    await page.getByLabel('From (UTC)').fill('2026-12-05');
    await page.getByLabel('To (UTC)').fill('2026-12-01');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page.getByTestId('audit-error-from')).toHaveText('From must be before To');
    await expect(page.getByRole('main')).not.toContainText('"code"');
    await page.getByLabel('From (UTC)').fill('');
    await page.getByLabel('To (UTC)').fill('');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page.getByTestId('audit-error-from')).toHaveCount(0);
    await expect(entry).toHaveCount(1);
  });

  await test.step('follow the entry to its campaign', async () => {
    await entry.getByRole('link', { name: `Campaign ${campaignId.slice(0, 8)}` }).click();
    await expect(page).toHaveURL(new RegExp(`/campaigns/${campaignId}$`));
    await expect(page.getByRole('heading', { name })).toBeVisible();
  });
});
