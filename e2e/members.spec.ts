// Members as a workspace runs them: the demo owner invites someone from Settings → Members, the
// invitee opens the link in a browser of their own, sets a password and lands in the console; the
// owner removes them and their very next page load goes to sign-in. And a new company signs up.
import { expect, test, type Browser } from '@playwright/test';

const freshBrowser = (browser: Browser, baseURL: string | undefined) =>
  browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });

test('an invited member joins with a password, and is out on the next page load once removed', async ({
  page,
  browser,
  baseURL,
}) => {
  const email = `e2e-invitee-${Date.now().toString(36)}@example.test`;
  let link = '';

  await test.step('the owner invites from Settings → Members', async () => {
    await page.goto('/campaigns');
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Members' })
      .click();
    await expect(page.getByRole('heading', { name: 'Members' })).toBeVisible();
    // A bad address is refused next to its field, in words.
    await page.getByLabel('E-mail').fill('not-an-address');
    await page.getByRole('button', { name: 'Create invitation' }).click();
    await expect(page.getByTestId('invite-error-email')).toHaveText('not a valid email address');
    await expect(page.getByRole('main')).not.toContainText('"code"');

    await page.getByLabel('E-mail').fill(email);
    await page.locator('select[name="role"]').selectOption('STAFF');
    await page.getByRole('button', { name: 'Create invitation' }).click();
    link = (await page.getByTestId('invitation-link').textContent())!.trim();
    expect(link).toMatch(/\/invite\/sbi_[A-Za-z0-9_-]{43}$/);
    await expect(
      page.getByTestId('invitations').getByRole('row', { name: new RegExp(email) }),
    ).toBeVisible();
  });

  const invitee = await freshBrowser(browser, baseURL);
  const inviteePage = await invitee.newPage();
  try {
    await test.step('the invitee opens the link in a fresh browser and sets a password', async () => {
      await inviteePage.goto(link);
      await expect(inviteePage.getByRole('heading', { name: 'Join Demo Company' })).toBeVisible();
      await expect(inviteePage.getByTestId('invitation-email')).toHaveText(email);
      await inviteePage.getByLabel('Your name').fill('Ines Invitee');
      await inviteePage.getByLabel(/Choose a password/).fill('short');
      await inviteePage.getByRole('button', { name: 'Join' }).click();
      await expect(inviteePage.getByTestId('accept-error-password')).toHaveText(
        'at least 12 characters',
      );
      await inviteePage.getByLabel(/Choose a password/).fill('ines has a long password');
      await inviteePage.getByRole('button', { name: 'Join' }).click();
      await expect(inviteePage.getByRole('navigation', { name: 'Sections' })).toBeVisible();
      await expect(inviteePage.getByTestId('tenant-name')).toHaveText('Demo Company');
      await expect(inviteePage.getByRole('navigation', { name: 'Sections' })).toContainText(
        'Ines Invitee · STAFF',
      );
    });

    await test.step('the link works once', async () => {
      const again = await freshBrowser(browser, baseURL);
      const againPage = await again.newPage();
      await againPage.goto(link);
      await expect(againPage.getByTestId('invitation-closed')).toHaveText(
        'This invitation was already used.',
      );
      await again.close();
    });

    await test.step('the owner removes the member', async () => {
      await page.reload();
      const row = page.getByTestId('members').getByRole('row', { name: new RegExp(email) });
      await expect(row).toContainText('STAFF');
      page.once('dialog', (dialog) => void dialog.accept());
      await row.getByRole('button', { name: 'Remove' }).click();
      await expect(row).toHaveCount(0);
    });

    await test.step('the removed member’s next page load goes to sign-in', async () => {
      await inviteePage.goto('/campaigns');
      await expect(inviteePage).toHaveURL(/\/signin/);
      await expect(
        inviteePage.getByRole('heading', { name: 'Sign in to Switchboard' }),
      ).toBeVisible();
    });
  } finally {
    await invitee.close();
  }
});

test('a new company signs up from the sign-in page and lands in its own console', async ({
  browser,
  baseURL,
}) => {
  const context = await freshBrowser(browser, baseURL);
  const page = await context.newPage();
  try {
    const company = `E2E Signup ${Date.now().toString(36)}`;
    await page.goto('/signin');
    await page.getByRole('link', { name: 'Create your company' }).click();
    await expect(page).toHaveURL(/\/signup$/);
    await page.getByLabel('Company name').fill(company);
    await page.getByLabel('Your name').fill('Sigrid Signup');
    await page.getByLabel('Email').fill(`sigrid-${Date.now().toString(36)}@example.test`);
    await page.getByLabel(/Password/).fill('sigrid has a long password');
    await page.getByRole('button', { name: 'Create company' }).click();
    await expect(page.getByTestId('tenant-name')).toHaveText(company);
    await expect(page.getByRole('navigation', { name: 'Sections' })).toContainText(
      'Sigrid Signup · OWNER',
    );
  } finally {
    await context.close();
  }
});
