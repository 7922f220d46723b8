// Field sales end to end, as an office and a rep do it: the owner connects the call-analysis
// service (its signed callbacks), invites a REP who joins in a browser of their own and makes an
// API token for the field app; the owner takes a lead (a bad phone refused next to its field),
// books two overlapping visits, gives the first to the rep and sees the second clash before and
// after saving; the rep's token — plain HTTP, as a phone sends it — finds the visit in their day,
// starts a recording, uploads the audio to the real upload route and stops; the worker submits it
// to the analysis simulator, whose callback (and the poller) bring the result back; the
// appointment shows the analysis and the lead shows the outcome, set by analysis. Every page of
// the section is then checked at 1280 and 390 px for horizontal overflow.
import { createHash } from 'node:crypto';
import {
  expect,
  request as playwrightRequest,
  test,
  type APIRequestContext,
  type Browser,
  type Page,
} from '@playwright/test';
import { simulatedOutput } from '../src/server/simulators/analysis/result';

const RUN = Date.now().toString(36);
const REP_NAME = `Rita Rep ${RUN}`;
const LEAD_NAME = `Lena Lead ${RUN}`;
const OUTCOME = 'WON';
// A phone of its own per run: a second lead with a known phone would be refused as a duplicate.
const LEAD_PHONE = `+49151${String(Date.now()).slice(-8)}`;

const freshBrowser = (browser: Browser, baseURL: string | undefined) =>
  browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });

/**
 * A short WAV file of noise whose SHA-256 makes the analysis simulator (which derives its result
 * from the audio's hash) suggest OUTCOME for the lead: the expected result is computed, not typed.
 */
function visitAudio(): { bytes: Buffer; sha256: string } {
  const samples = 8_000;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + samples * 2, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(8_000, 24);
  header.writeUInt32LE(16_000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(samples * 2, 40);
  for (let seed = 0; ; seed += 1) {
    const data = Buffer.alloc(samples * 2);
    for (let i = 0; i < samples; i += 1)
      data.writeInt16LE(Math.round(Math.sin((i + seed) / 7) * 8_000), i * 2);
    const bytes = Buffer.concat([header, data]);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (simulatedOutput(sha256).suggested_lead_status === OUTCOME) return { bytes, sha256 };
  }
}

/** "2026-12-03" and "2026-12-03T10:00" for tomorrow in local time (the browser's zone too). */
function tomorrowAt(hour: number, minute = 0) {
  const d = new Date();
  d.setDate(d.getDate() + 1);
  d.setHours(hour, minute, 0, 0);
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return { day, local: `${day}T${pad(hour)}:${pad(minute)}` };
}

/** tRPC over plain HTTP with the rep's bearer token, as the field app sends it. */
async function trpc<T>(
  api: APIRequestContext,
  kind: 'query' | 'mutation',
  path: string,
  input: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; data: T; body: unknown }> {
  const response =
    kind === 'query'
      ? await api.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`)
      : await api.post(`/api/trpc/${path}`, { data: input, headers });
  const body = (await response.json()) as { result?: { data?: T } };
  return { status: response.status(), data: body.result?.data as T, body };
}

async function expectNoHorizontalOverflow(page: Page, path: string) {
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByText('Loading…')).toHaveCount(0);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `${path} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
}

test('a lead is booked, assigned without double-booking, recorded by the rep’s phone, analysed, and shows the outcome', async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const audio = visitAudio();
  const slotA = { start: tomorrowAt(10), end: tomorrowAt(11) };
  const slotB = { start: tomorrowAt(10, 30), end: tomorrowAt(11, 30) };

  await test.step('the owner connects the call-analysis service for its callbacks', async () => {
    await page.goto('/settings/webhooks');
    await page.getByLabel('Provider').selectOption('analysis');
    await page.getByLabel('Label').fill(`E2E call analysis ${RUN}`);
    await page.getByRole('button', { name: 'Create connection' }).click();
    await expect(page.getByTestId('shown-secret')).toBeVisible();
    await expect(
      page.getByRole('row', { name: new RegExp(`E2E call analysis ${RUN}`) }),
    ).toBeVisible();
  });

  let repToken = '';
  const repEmail = `e2e-rep-${RUN}@example.test`;
  await test.step('a REP joins and makes an API token for the field app', async () => {
    await page.goto('/settings/members');
    await page.getByLabel('E-mail').fill(repEmail);
    await page.locator('select[name="role"]').selectOption('REP');
    await page.getByRole('button', { name: 'Create invitation' }).click();
    const link = (await page.getByTestId('invitation-link').textContent())!.trim();

    const rep = await freshBrowser(browser, baseURL);
    try {
      const repPage = await rep.newPage();
      await repPage.goto(link);
      await repPage.getByLabel('Your name').fill(REP_NAME);
      await repPage.getByLabel(/Choose a password/).fill('rita has a long password');
      await repPage.getByRole('button', { name: 'Join' }).click();
      await expect(repPage.getByRole('navigation', { name: 'Sections' })).toContainText(
        `${REP_NAME} · REP`,
      );
      await repPage.goto('/settings/api-tokens');
      await repPage.getByLabel('Token name').fill('Field app');
      await repPage.getByRole('button', { name: 'Create token' }).click();
      repToken = (await repPage.getByTestId('new-token').textContent())!.trim();
      expect(repToken).toMatch(/^sbt_/);
    } finally {
      await rep.close();
    }
  });

  let leadId = '';
  await test.step('the owner takes a lead; a bad phone is refused next to its field', async () => {
    await page.goto('/leads');
    await page.getByText('New lead', { exact: true }).click();
    const form = page.getByRole('form', { name: 'New lead' });
    await form.getByLabel(/^Name/).fill(LEAD_NAME);
    await form.getByLabel(/^Phone/).fill('12');
    await form.getByLabel(/^Source/).selectOption('REFERRAL');
    await form.getByLabel('Agreed to visits being recorded').check();
    await form.getByRole('button', { name: 'Add lead' }).click();
    await expect(form.locator('#lead-contact-phone-error')).toHaveText(/\S.*\.$/);
    await expect(page.getByRole('main')).not.toContainText('"code"');

    await form.getByLabel(/^Phone/).fill(LEAD_PHONE);
    await form.getByRole('button', { name: 'Add lead' }).click();
    await expect(page).toHaveURL(/\/leads\/[0-9a-f-]{36}$/);
    leadId = /\/leads\/([0-9a-f-]{36})$/.exec(page.url())![1]!;
    await expect(page.getByRole('heading', { name: LEAD_NAME })).toBeVisible();
    await expect(page.getByTestId('lead-status')).toHaveAttribute('data-status', 'NEW');
    await expect(page.getByTestId('lead-recording-consent').first()).toContainText('Granted');
  });

  const book = async (slot: typeof slotA, address: string): Promise<string> => {
    await page.goto(`/leads/${leadId}`);
    await page.getByRole('link', { name: 'Book an appointment' }).click();
    const form = page.getByRole('form', { name: 'New appointment' });
    await expect(form.getByLabel('Lead')).toHaveValue(leadId);
    await form.getByLabel('Starts').fill(slot.start.local);
    await form.getByLabel('Ends').fill(slot.end.local);
    await form.getByLabel('Address').fill(address);
    await form.getByRole('button', { name: 'Book appointment' }).click();
    await expect(page).toHaveURL(/\/appointments\/[0-9a-f-]{36}$/);
    return /\/appointments\/([0-9a-f-]{36})$/.exec(page.url())![1]!;
  };

  let first = '';
  let second = '';
  await test.step('two overlapping visits are booked; an end before the start is refused next to it', async () => {
    await page.goto(`/appointments/new?lead=${leadId}`);
    const form = page.getByRole('form', { name: 'New appointment' });
    await form.getByLabel('Starts').fill(slotA.end.local);
    await form.getByLabel('Ends').fill(slotA.start.local);
    await form.getByLabel('Address').fill('Hauptstraße 1, Berlin');
    await form.getByRole('button', { name: 'Book appointment' }).click();
    await expect(form.locator('#appointment-endsAt-error')).toHaveText(
      'The end must be after the start.',
    );

    first = await book(slotA, 'Hauptstraße 1, Berlin');
    await expect(page.getByTestId('appointment-status')).toHaveAttribute(
      'data-status',
      'SCHEDULED',
    );
    await expect(page.getByRole('region', { name: 'Lead' })).toContainText(LEAD_NAME);
    second = await book(slotB, 'Nebenstraße 2, Berlin');
  });

  await test.step('the first goes to the rep; the second shows the clash before and after saving', async () => {
    await page.goto(`/appointments/${first}`);
    await page.getByRole('combobox', { name: /^Assign to/ }).selectOption({ label: REP_NAME });
    await expect(page.getByTestId('clash-free')).toBeVisible();
    await page.getByRole('button', { name: 'Assign', exact: true }).click();
    await expect(page.getByTestId('appointment-status')).toHaveAttribute('data-status', 'ASSIGNED');
    await expect(page.getByTestId('appointment-rep')).toHaveText(REP_NAME);
    await expect(
      page.getByTestId('assignment-history').locator('tbody tr[data-active="true"]'),
    ).toContainText(REP_NAME);

    await page.goto(`/appointments/${second}`);
    await page.getByRole('combobox', { name: /^Assign to/ }).selectOption({ label: REP_NAME });
    const preview = page.getByTestId('clash-preview');
    await expect(preview).toContainText('This rep already has an appointment at this time');
    await expect(preview.locator(`li[data-appointment-id="${first}"]`)).toContainText(LEAD_NAME);
    await page.getByRole('button', { name: 'Assign', exact: true }).click();
    const refusal = page.getByTestId('assign-error');
    await expect(refusal).toContainText(`the rep already has appointment ${first}`);
    await expect(refusal.getByRole('link')).toHaveAttribute('href', `/appointments/${first}`);
    await expect(page.getByTestId('appointment-status')).toHaveAttribute(
      'data-status',
      'SCHEDULED',
    );
  });

  await test.step('the board shows the rep’s day and the unassigned queue', async () => {
    await page.goto(`/appointments?view=day&day=${slotA.start.day}`);
    const row = page.locator(`[data-testid="board-rep"]`, { hasText: REP_NAME });
    await expect(row.locator(`[data-appointment-id="${first}"]`)).toBeVisible();
    await expect(
      page
        .getByTestId('unassigned')
        .locator(`[data-testid="queue-item"][data-appointment-id="${second}"]`),
    ).toBeVisible();
    await page.getByLabel('View').selectOption('week');
    await expect(page).toHaveURL(/view=week/);
    await expect(
      page
        .locator('[data-testid="board-rep"]', { hasText: REP_NAME })
        .locator(`[data-appointment-id="${first}"]`),
    ).toBeVisible();
  });

  await test.step('the rep’s phone starts, uploads and stops the recording over HTTP', async () => {
    const phone = await playwrightRequest.newContext({
      baseURL,
      extraHTTPHeaders: { authorization: `Bearer ${repToken}` },
    });
    try {
      const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      const day = await trpc<unknown>(phone, 'query', 'rep.myAppointments', {
        day: slotA.start.day,
        timeZone,
      });
      expect(day.status).toBe(200);
      expect(JSON.stringify(day.data)).toContain(first);
      expect(JSON.stringify(day.data)).not.toContain(second);

      const key = `e2e-start-${RUN}`;
      const start = await trpc<{ session: { id: string; status: string } }>(
        phone,
        'mutation',
        'recordings.start',
        { appointmentId: first },
        { 'idempotency-key': key },
      );
      expect(start.status, JSON.stringify(start.body)).toBe(200);
      const sessionId = start.data.session.id;
      // The same key again is the same answer, not a second session.
      const again = await trpc<{ session: { id: string } }>(
        phone,
        'mutation',
        'recordings.start',
        { appointmentId: first },
        { 'idempotency-key': key },
      );
      expect(again.data.session.id).toBe(sessionId);

      const upload = await phone.post(`/api/v1/recordings/${sessionId}/audio`, {
        headers: {
          'content-type': 'audio/wav',
          'content-sha256': audio.sha256,
          'x-recording-duration-ms': '1000',
        },
        data: audio.bytes,
      });
      expect(upload.status(), await upload.text()).toBe(200);
      expect(((await upload.json()) as { status: string }).status).toBe('UPLOADED');

      const stop = await trpc<{ status: string }>(
        phone,
        'mutation',
        'recordings.stop',
        { sessionId },
        { 'idempotency-key': `e2e-stop-${RUN}` },
      );
      expect(stop.status, JSON.stringify(stop.body)).toBe(200);
    } finally {
      await phone.dispose();
    }
  });

  const expected = simulatedOutput(audio.sha256);
  await test.step('the analysis arrives on the appointment without a reload', async () => {
    await page.goto(`/appointments/${first}`);
    const recording = page.getByTestId('recordings').getByTestId('recording-row');
    await expect(recording).toHaveCount(1);
    await expect(recording).toContainText('audio/wav');
    await expect(recording).toHaveAttribute('data-status', 'ANALYSED', { timeout: 90_000 });
    const result = page.getByTestId('analysis-result');
    await expect(result.getByTestId('analysis-summary')).toHaveText(expected.summary);
    await expect(result.getByTestId('analysis-outcome')).toHaveText('won');
    const timeline = page.getByTestId('appointment-timeline');
    for (const event of [
      'appointment.created',
      'appointment.assigned',
      'recording.started',
      'recording.uploaded',
      'analysis.completed',
    ])
      await expect(timeline.locator(`li[data-event="${event}"]`).first()).toBeVisible();
  });

  await test.step('the lead shows the outcome, set by analysis', async () => {
    await page.goto(`/leads/${leadId}`);
    await expect(page.getByTestId('lead-status')).toHaveAttribute('data-status', OUTCOME);
    await expect(page.getByTestId('lead-status-set-by')).toHaveAttribute('data-set-by', 'ANALYSIS');
    await page.goto('/leads');
    const row = page.getByTestId('leads-table').getByRole('row', { name: new RegExp(LEAD_NAME) });
    await expect(row).toContainText('won');
    await expect(row).toContainText('by analysis');
  });

  await test.step('no page of the section scrolls sideways at 1280 or 390 px', async () => {
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      for (const path of [
        `/appointments?view=day&day=${slotA.start.day}`,
        `/appointments?view=week&day=${slotA.start.day}`,
        `/appointments/${first}`,
        `/appointments/${second}`,
        `/appointments/new?lead=${leadId}`,
        '/leads',
        `/leads/${leadId}`,
      ])
        await expectNoHorizontalOverflow(page, path);
    }
  });
});
