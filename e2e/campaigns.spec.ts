// The campaign flow end to end, as a tenant admin does it: import contacts from CSV (with
// consent), try to launch with an empty wallet (refused with a clear message), buy credits
// through the Checkout simulator, launch, watch the campaign complete (the worker sends through
// the Twilio simulator over HTTP; its status callbacks come back as signed webhooks), and find
// the exact debit in the wallet: one credit per segment of every message sent.
import { expect, test, type Page } from '@playwright/test';
import { countSmsSegments } from '../src/lib/sms/segments';
import { mergeTemplate, parseTemplate } from '../src/lib/sms/template';

const TAG = `e2e-${Date.now().toString(36)}`;
// The message sits near the 160-character limit, so the longer first name needs two segments.
const BODY =
  'Hi {{first_name|there}}, our spring sale starts tomorrow at 9:00 with 20% off every item in store and online. See you soon, and do not miss it! Reply STOP to opt out.';

type Row = { phone: string; name: string; consent: 'yes' | 'no'; tags: string };
const CONTACTS: Row[] = [
  { phone: '+4915112340001', name: 'Anna Schmidt', consent: 'yes', tags: TAG },
  {
    phone: '+4915112340002',
    name: 'Bartholomew-Maximilian Featherstonehaugh',
    consent: 'yes',
    tags: `${TAG};vip`,
  },
  { phone: '+4915112340003', name: '', consent: 'yes', tags: TAG },
  // The simulator reports numbers ending in 13 undelivered: sent (and charged), then failed.
  { phone: '+4915112340013', name: 'Dora Weber', consent: 'yes', tags: TAG },
  { phone: '+4915112340004', name: 'Emil Braun', consent: 'no', tags: TAG },
  { phone: '+4915112340005', name: 'Frida Other', consent: 'yes', tags: 'someone-else' },
];
const SENDABLE = CONTACTS.filter((c) => c.tags.includes(TAG) && c.consent === 'yes');
const template = parseTemplate(BODY);
if (!template.ok) throw new Error(template.error);
const segmentsOf = (name: string) =>
  countSmsSegments(mergeTemplate(template, { name: name || null })).segments;
const EXPECTED_DEBIT = SENDABLE.reduce((sum, c) => sum + segmentsOf(c.name), 0);

const csv = [
  'phone,name,tags,consent',
  ...CONTACTS.map((c) => [c.phone, c.name, c.tags, c.consent].join(',')),
].join('\n');
const numberIn = async (page: Page, testId: string) =>
  Number((await page.getByTestId(testId).innerText()).replace(/[^0-9-]/g, ''));

test('import contacts, top up, launch a campaign, watch it complete and find the exact debit in the wallet', async ({
  page,
}) => {
  test.setTimeout(180_000);
  expect(EXPECTED_DEBIT).toBeGreaterThan(SENDABLE.length); // at least one message takes two segments

  await test.step('import contacts with consent from CSV', async () => {
    await page.goto('/campaigns/contacts');
    await page
      .getByLabel('File')
      .setInputFiles({ name: 'spring.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Import' }).click();
    await expect(page.getByTestId('import-report')).toBeVisible();
    await expect(page.getByTestId('import-created')).toHaveText(String(CONTACTS.length));
    await expect(page.getByTestId('import-rejected')).toHaveText('0');
  });

  let campaignId = '';
  await test.step('write the campaign: merged preview, segments, audience and cost as typed', async () => {
    await page.goto('/campaigns');
    await page.getByRole('link', { name: 'New campaign' }).click();
    await page.getByLabel('Campaign name').fill('Spring sale');
    await page.getByLabel('Message', { exact: true }).fill(BODY);
    await page.getByLabel('Has any of these tags').fill(TAG);

    await page
      .getByLabel('Preview as contact named')
      .fill('Bartholomew-Maximilian Featherstonehaugh');
    await expect(page.getByTestId('merged-preview')).toHaveText(
      mergeTemplate(template, { name: 'Bartholomew-Maximilian Featherstonehaugh' }),
    );
    await expect(page.getByTestId('editor-segments-encoding')).toHaveText('GSM-7');
    await expect(page.getByTestId('editor-segments-segments')).toHaveText(
      `${segmentsOf('Bartholomew-Maximilian Featherstonehaugh')} segments`,
    );

    const preview = page.getByRole('region', { name: 'Audience and cost' });
    await expect(preview.getByTestId('preview-total')).toHaveText('5');
    await expect(preview.getByTestId('preview-sendable')).toHaveText(String(SENDABLE.length));
    await expect(preview.getByTestId('preview-no-consent')).toHaveText('1');
    await expect(preview.getByTestId('preview-opted-out')).toHaveText('0');
    await expect(preview.getByTestId('preview-credits')).toHaveText(String(EXPECTED_DEBIT));

    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect(page).toHaveURL(/\/campaigns\/[0-9a-f-]{36}\/edit$/);
    campaignId = /\/campaigns\/([0-9a-f-]{36})\/edit$/.exec(page.url())![1]!;
  });

  await test.step('launching with an empty wallet is refused with a clear message', async () => {
    // The e2e database is fresh: the demo tenant has bought nothing yet.
    await expect(page.getByTestId('preview-covered')).toContainText('cannot cover');
    await page.getByRole('button', { name: 'Launch…' }).click();
    await page.getByRole('button', { name: 'Confirm launch' }).click();
    await expect(page.getByTestId('launch-error')).toContainText(
      'The wallet cannot cover this campaign',
    );
    await expect(page.getByTestId('launch-error')).toContainText(`${EXPECTED_DEBIT} required`);
  });

  let balanceBefore = 0;
  await test.step('buy credits through the Checkout simulator', async () => {
    await page.getByTestId('launch-error').getByRole('link', { name: 'Buy credits' }).click();
    await expect(page.getByRole('heading', { name: 'Wallet' })).toBeVisible();
    await expect(page.getByTestId('wallet-balance')).not.toHaveText('…');
    const start = await numberIn(page, 'wallet-balance');
    await page.getByLabel('Pack').selectOption('credits-1000');
    await page.getByRole('button', { name: 'Buy credits' }).click();
    const checkout = page.getByTestId('simulated-checkout');
    await expect(checkout).toContainText('awaiting payment');
    await checkout.getByRole('button', { name: 'Pay (simulator)' }).click();
    await expect(page.getByTestId('wallet-balance')).toHaveText(
      (start + 1_000).toLocaleString('en-GB'),
    );
    balanceBefore = start + 1_000;
  });

  await test.step('launch the draft', async () => {
    await page.goto(`/campaigns/${campaignId}/edit`);
    await expect(page.getByTestId('preview-covered')).toHaveText(
      'The wallet covers this campaign.',
    );
    await page.getByRole('button', { name: 'Launch…' }).click();
    await expect(page.getByRole('group', { name: 'Confirm launch' })).toContainText(
      `Send ${SENDABLE.length} messages for ${EXPECTED_DEBIT} credits now?`,
    );
    await page.getByRole('button', { name: 'Confirm launch' }).click();
    await expect(page).toHaveURL(new RegExp(`/campaigns/${campaignId}$`));
  });

  await test.step('watch it complete', async () => {
    await expect(page.getByRole('heading', { name: 'Spring sale' })).toBeVisible();
    await expect(page.getByTestId('campaign-status')).toHaveAttribute('data-status', 'COMPLETED', {
      timeout: 60_000,
    });
    await expect(
      page.getByRole('progressbar', { name: 'Progress of Spring sale' }),
    ).toHaveAttribute('aria-valuenow', '100');
    await expect(page.getByTestId('count-delivered')).toHaveText(String(SENDABLE.length - 1));
    await expect(page.getByTestId('count-failed')).toHaveText('1');
    await expect(page.getByTestId('count-skipped')).toHaveText('1');
    await expect(page.getByTestId('count-pending')).toHaveText('0');
    await expect(page.getByTestId('credits-reserved')).toHaveText(String(EXPECTED_DEBIT));
    await expect(page.getByTestId('credits-spent')).toHaveText(String(EXPECTED_DEBIT));

    const timeline = page.getByTestId('campaign-timeline');
    for (const kind of ['created', 'launched', 'sending_finished', 'completed'])
      await expect(timeline.locator(`li[data-kind="${kind}"]`)).toHaveCount(1);

    const recipients = page.getByTestId('recipients-table');
    await expect(recipients.getByTestId('recipient-row')).toHaveCount(SENDABLE.length + 1);
    await expect(recipients.getByText('+491••••••0001')).toBeVisible(); // numbers are masked
    const filter = page.getByRole('form', { name: 'Filter recipients' });
    await filter.getByLabel('Status').selectOption('FAILED');
    await filter.getByLabel('Number contains').fill('0013');
    await filter.getByRole('button', { name: 'Filter' }).click();
    await expect(recipients.getByTestId('recipient-row')).toHaveCount(1);
    await expect(recipients.getByTestId('recipient-row')).toContainText('+491••••••0013');
  });

  await test.step('the wallet shows the exact debit', async () => {
    await page.goto('/campaigns/wallet');
    await expect(page.getByTestId('wallet-balance')).toHaveText(
      (balanceBefore - EXPECTED_DEBIT).toLocaleString('en-GB'),
    );
    await expect(page.getByTestId('wallet-reserved')).toHaveText('0');
    const debits = page
      .getByTestId('wallet-ledger')
      .locator('tr[data-kind="DEBIT"]', { hasText: `campaign:${campaignId}` });
    await expect(debits).toHaveCount(SENDABLE.length);
    const amounts = await debits.locator('td:nth-child(3)').allInnerTexts();
    expect(amounts.reduce((sum, a) => sum + Number(a.replace(/[^0-9-]/g, '')), 0)).toBe(
      -EXPECTED_DEBIT,
    );
  });

  await test.step('the campaigns list shows it done', async () => {
    await page.goto('/campaigns');
    const card = page.getByRole('article', { name: 'Spring sale' });
    await expect(card.getByTestId('campaign-status')).toHaveText('completed');
    await expect(card.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
    await expect(card.getByTestId('credits-spent')).toHaveText(String(EXPECTED_DEBIT));
    await page.getByRole('button', { name: 'Reconcile now' }).click();
    await expect(page.getByTestId('reconcile-report')).toContainText('nothing needed repair');
  });
});

/** `YYYY-MM-DDTHH:mm` in local time, as a datetime-local input takes it. */
const localInputValue = (d: Date) =>
  new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

test('a campaign scheduled for later waits, shows its schedule, and is no longer editable', async ({
  page,
}) => {
  const at = new Date(Date.now() + 3 * 3600_000);
  await page.goto('/campaigns/new');
  await page.getByLabel('Campaign name').fill('Autumn reminder');
  await page
    .getByLabel('Message', { exact: true })
    .fill('Hello {{name|friend}}, the autumn range is in.');
  await page.getByRole('checkbox', { name: 'Schedule for later' }).check();
  await page.getByLabel('Send at').fill(localInputValue(at));
  await page.getByRole('button', { name: 'Schedule…' }).click();
  await page.getByRole('button', { name: 'Confirm launch' }).click();
  await expect(page).toHaveURL(/\/campaigns\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('campaign-status')).toHaveAttribute('data-status', 'SCHEDULED');
  await expect(
    page.getByTestId('campaign-timeline').locator('li[data-kind="scheduled"]'),
  ).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Cancel campaign' })).toBeVisible();
  await page.goto(`${page.url()}/edit`);
  await expect(page.getByText('only drafts can be edited')).toBeVisible();
});
