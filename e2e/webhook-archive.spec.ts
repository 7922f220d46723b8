// A provider delivery as Stripe would send it, to the running server: stored once, processed by
// the worker, found in the archive by provider, opened, and replayed without a second effect.
import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { stripeSimulator } from '../src/server/simulators/stripe/deliveries';

test('a connection made in the console receives a signed Stripe delivery that lands in the webhook archive, is processed once, and replays harmlessly', async ({
  page,
  baseURL,
}) => {
  await page.goto('/settings/webhooks');
  await page.getByLabel('Provider').selectOption('stripe');
  await page.getByLabel('Label').fill('E2E Stripe');
  await page.getByRole('button', { name: 'Create connection' }).click();
  const shown = page.getByTestId('shown-secret');
  const secret = (await shown.locator('code.secret').textContent())!.trim();
  const url = (await shown.locator('p code').first().textContent())!.trim();
  const path = new URL(url).pathname;
  expect(secret).toMatch(/^whsec_/);
  await expect(page.getByRole('row', { name: /E2E Stripe/ })).toContainText(path);

  const id = randomBytes(8).toString('hex');
  const delivery = stripeSimulator.sign({
    url: `${baseURL}${path}`,
    body: stripeSimulator.sampleBody(id),
    secret,
  });
  const response = await page.request.post(path, {
    headers: delivery.headers,
    data: delivery.body,
  });
  expect(response.status()).toBe(200);
  const duplicate = await page.request.post(path, {
    headers: delivery.headers,
    data: delivery.body,
  });
  expect(duplicate.status()).toBe(200);
  const forged = await page.request.post(path, {
    headers: { ...delivery.headers, 'stripe-signature': 't=1,v1=00' },
    data: delivery.body,
  });
  expect(forged.status()).toBe(401);

  await page.goto('/operations/webhooks');
  await page.getByLabel('Provider').selectOption('stripe');
  await page.getByRole('button', { name: 'Search' }).click();
  const rows = page
    .getByTestId('webhook-events')
    .locator('tbody tr')
    .filter({ hasText: `evt_${id}` });
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText('processed', { timeout: 20_000 });

  await rows.click();
  const detail = page.getByTestId('webhook-event-detail');
  await expect(detail).toContainText(`evt_${id}`);
  await detail.getByRole('button', { name: 'Replay processing' }).click();
  await expect(detail).toContainText('Queued. Processing is idempotent');
  await expect(detail).toContainText('status processed');
  await expect(detail).toContainText('attempts 1');
});
