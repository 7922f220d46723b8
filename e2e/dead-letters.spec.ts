// A job that fails on every attempt becomes a dead letter in the console, and Retry there
// completes it. The probe fails its first `failTimes` runs of the same work; a retry revives the
// job with a fresh attempts budget and the runs before it still count, so run 3 of a probe with
// failTimes 2 succeeds.
import { expect, test } from '@playwright/test';

test('a failing job becomes a dead letter; Retry from the console completes it', async ({
  page,
}) => {
  // Two attempts: one backoff of e^1 s (+ up to 50 % jitter) before the dead letter appears.
  test.setTimeout(90_000);
  const note = `e2e dead letter ${Date.now().toString(36)}`;

  // The page's request context carries the signed-in admin's session cookie.
  const queued = await page.request.post('/api/trpc/ops.probe', {
    data: { failTimes: 2, maxAttempts: 2, note },
    headers: { 'idempotency-key': `e2e-${note.replace(/\s/g, '-')}` },
  });
  expect(queued.status()).toBe(200);
  expect((await queued.json()) as unknown).toEqual({ result: { data: { queued: true } } });

  await page.goto('/operations');
  await page.getByRole('link', { name: 'Dead letters' }).click();
  await expect(page.getByRole('heading', { name: 'Dead letters' })).toBeVisible();
  // Show every status, so the row stays in view after the retry resolves it.
  await page.getByTestId('filter-status').selectOption('any');
  await page.getByTestId('apply-filter').click();

  const row = page.getByTestId('dead-letter-row').filter({ hasText: note });
  await expect(row.getByTestId('dead-letter-status')).toHaveText(/^dead/, { timeout: 45_000 });
  await expect(row).toContainText('ops.probe');
  await expect(row).toContainText('probe failing on purpose (attempt 2 of 2 planned failures)');

  await row.getByTestId('retry').click();
  await expect(row.getByTestId('dead-letter-status')).toHaveText(/^resolved \(retried 1×\)/, {
    timeout: 30_000,
  });
  await expect(row.getByTestId('retry')).toHaveCount(0);

  // The front page counts what is left open; this dead letter is not among them any more.
  await page.goto('/operations');
  await expect(page.getByTestId('dead-letters-open')).toHaveText(/^\d+$/);
  await expect(page.getByTestId('queue-ready')).toHaveText(/^\d+$/);
});
