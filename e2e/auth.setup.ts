// Signs in once as the seeded demo owner; the console project reuses the session.
import { expect, test as setup } from '@playwright/test';

export const DEMO_EMAIL = 'admin@demo.switchboard.test';
export const DEMO_PASSWORD = 'switchboard-demo';

setup('sign in as the demo owner', async ({ page }) => {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(DEMO_EMAIL);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('navigation', { name: 'Sections' })).toBeVisible();
  await page.context().storageState({ path: 'e2e/.auth/admin.json' });
});
