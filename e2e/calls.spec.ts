// The phone assistant end to end, as a tenant admin tries it: write a knowledge article (a
// missing title is refused under its field), ask it a question in the "try a question" box, add
// a voice line (a bad number is refused under its field), then place a call from the console's
// call simulator — it rings our real voice webhook through the Twilio simulator, signed — say a
// question and hear the article's answer, ask for an operator and see the transfer, and find
// the same conversation with its source on the stored call. Every page fits 390 px.
import { expect, test, type Page } from '@playwright/test';

const RUN = Date.now().toString(36);
const ARTICLE = {
  title: `Parking ${RUN}`,
  body: `Free parking for visitors is behind the building, entrance from Lindenstrasse ${RUN}.`,
};
const QUESTION = 'Where can I park my car?';
const LINE = { label: `Front desk ${RUN}`, phone: '+4930901827', fallback: '+4930901828' };

async function expectNoHorizontalScroll(page: Page, what: string) {
  const { scrollWidth, innerWidth, wide } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    wide: [...document.querySelectorAll('body *')]
      .filter(
        (e) =>
          !e.parentElement?.closest('.table-scroll') &&
          e.getBoundingClientRect().right > window.innerWidth,
      )
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className}`),
  }));
  expect(scrollWidth, `${what}: ${wide.join(', ')}`).toBeLessThanOrEqual(innerWidth);
}

test('write an article, call the assistant from the simulator, hear the answer, get transferred', async ({
  page,
}) => {
  test.setTimeout(120_000);

  // Knowledge: a missing title is refused with a sentence under the field; then the article.
  await page.goto('/knowledge');
  await page.getByRole('button', { name: 'Write an article' }).click();
  const editor = page.getByRole('form', { name: 'New article' });
  await editor.getByLabel(/^Text/).fill(ARTICLE.body);
  await editor.getByRole('button', { name: 'Add article' }).click();
  await expect(editor.locator('label', { hasText: 'Title' }).locator('.field-error')).toHaveText(
    'Required.',
  );
  await editor.getByLabel(/^Title/).fill(ARTICLE.title);
  await editor.getByLabel('Tags').fill('parking, visitors');
  await editor.getByRole('button', { name: 'Add article' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  const row = page.getByTestId('articles-table').locator(`tr[data-article="${ARTICLE.title}"]`);
  await expect(row).toContainText('parking, visitors');

  // Try a question: the answer, how sure, from which article, by which answerer.
  const tryBox = page.getByTestId('try-question');
  await tryBox.getByLabel(/^Question/).fill(QUESTION);
  await tryBox.getByRole('button', { name: 'Ask', exact: true }).click();
  const answer = page.getByTestId('try-answer');
  await expect(answer).toContainText(ARTICLE.body);
  await expect(page.getByTestId('try-sources')).toContainText(ARTICLE.title);
  await expect(page.getByTestId('try-answerer')).toContainText('built-in');
  await expect(page.getByTestId('try-confidence')).toHaveText(/^\d+ %$/);

  // A voice line: a bad number is refused under its field; the line answers around the clock.
  await page.goto('/settings/voice-lines');
  await page.getByRole('button', { name: 'Add a voice line' }).click();
  const lineForm = page.getByRole('form', { name: 'New voice line' });
  await lineForm.getByLabel(/^Name/).fill(LINE.label);
  await lineForm.getByLabel('Twilio number').fill('12');
  await lineForm.getByLabel('Greeting').fill('Hello, this is the front desk. How can I help?');
  await lineForm.getByLabel('Fallback number').fill(LINE.fallback);
  for (const day of ['Sat', 'Sun']) await lineForm.getByLabel(day).check();
  await lineForm.getByLabel('Opens at').fill('00:00');
  await lineForm.getByLabel('Closes at').fill('23:59');
  await lineForm.getByRole('button', { name: 'Add line' }).click();
  const phoneError = lineForm
    .locator('label', { hasText: 'Twilio number' })
    .locator('.field-error');
  await expect(phoneError).toBeVisible();
  await expect(phoneError).not.toContainText('[{');
  await lineForm.getByLabel('Twilio number').fill(LINE.phone);
  await lineForm.getByRole('button', { name: 'Add line' }).click();
  const lineRow = page.getByTestId('voice-lines-table').locator('tr', { hasText: LINE.label });
  await expect(lineRow).toContainText(LINE.phone);

  // The call simulator: place the call, hear the greeting.
  await lineRow.getByRole('link', { name: 'Try a call' }).click();
  await expect(page.getByRole('heading', { name: 'Call simulator' })).toBeVisible();
  await expect(page.getByLabel(/^Line/)).toHaveValue(/[0-9a-f-]{36}/);
  await expect(page.getByLabel(/^Line/).locator('option:checked')).toContainText(LINE.label);
  await page.getByRole('button', { name: 'Place call' }).click();
  const conversation = page.getByTestId('simulated-conversation');
  await expect(conversation).toContainText('this is the front desk');
  await expect(page.getByTestId('simulated-phase')).toContainText('listening');

  // Say the question: the article's answer comes back.
  await page.getByLabel('What the caller says').fill(QUESTION);
  await page.getByRole('button', { name: 'Say', exact: true }).click();
  await expect(conversation.locator('.say-caller')).toContainText(QUESTION);
  await expect(conversation.locator('.say-assistant', { hasText: ARTICLE.body })).toBeVisible();

  // Ask for a person: the assistant hands the caller over to the fallback number.
  await page.getByLabel('What the caller says').fill('Operator please');
  await page.getByRole('button', { name: 'Say', exact: true }).click();
  await expect(page.getByTestId('simulated-call')).toHaveAttribute('data-phase', 'transferred');
  await expect(page.getByTestId('simulated-phase')).toContainText('transferred to a person');
  await expect(conversation).toContainText('Transferred to +49');
  await expect(page.getByLabel('What the caller says')).toHaveCount(0);

  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoHorizontalScroll(page, 'call simulator with a conversation');
  await page.setViewportSize({ width: 1280, height: 800 });

  // The stored call: the same answer in its transcript, with the article as its source.
  await page.getByRole('button', { name: 'Hang up', exact: true }).click();
  await expect(page.getByTestId('simulated-phase')).toContainText('ended');
  await page.getByRole('link', { name: 'Open the call record' }).click();
  const transcript = page.getByTestId('call-transcript');
  await expect(transcript).toContainText(QUESTION);
  await expect(transcript).toContainText(ARTICLE.body);
  await expect(transcript.getByTestId('turn-sources').first()).toContainText(ARTICLE.title);
  await expect(page.getByTestId('call-timeline')).toContainText('in-progress');
  const callUrl = page.url();

  // The source links back to the article in the editor.
  await transcript.getByRole('link', { name: ARTICLE.title }).first().click();
  await expect(page.getByRole('form', { name: 'Edit article' }).getByLabel(/^Title/)).toHaveValue(
    ARTICLE.title,
  );

  // Deleting asks first; dismissed, the article stays; confirmed, it is gone from the list.
  const editForm = page.getByRole('form', { name: 'Edit article' });
  page.once('dialog', (dialog) => void dialog.dismiss());
  await editForm.getByRole('button', { name: 'Delete' }).click();
  await expect(editForm).toBeVisible();
  page.once('dialog', (dialog) => {
    expect(dialog.message()).toContain(ARTICLE.title);
    void dialog.accept();
  });
  await editForm.getByRole('button', { name: 'Delete' }).click();
  await expect(editForm).toHaveCount(0);
  await expect(
    page.getByTestId('articles-table').locator(`tr[data-article="${ARTICLE.title}"]`),
  ).toHaveCount(0);

  // Every page of the voice service fits a phone screen, and a wide one.
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 844 });
    for (const path of [
      '/knowledge',
      '/settings/voice-lines',
      '/calls/simulator',
      '/calls',
      callUrl,
    ]) {
      await page.goto(path);
      await expect(page.getByRole('navigation', { name: 'Sections' })).toBeVisible();
      await page.waitForLoadState('networkidle');
      await expectNoHorizontalScroll(page, `${path} at ${width} px`);
    }
  }
});
