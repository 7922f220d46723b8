// Launch: the audience snapshot (skips with reasons, merged messages, segment cost), the
// reservation, deterministic batch jobs — and a wallet that cannot cover it leaves nothing behind.
import { describe, expect, it } from 'vitest';
import { callerFor, ownerQuery, trpcCode } from '../helpers/fixtures';
import { jobsOf } from '../kernel/support';
import { expectBooksBalanced } from '../wallet/support';
import { campaignRow, campaignTenant, draftAndLaunch, freshKey, numbers } from './support';

describe('campaigns.launch', () => {
  it('snapshots the audience with skip reasons, costs each merged message by segments and reserves exactly that', async () => {
    const [a, b, c, d, e] = numbers(5);
    const tenant = await campaignTenant({
      credits: 1_000,
      contacts: [
        { phone: a!, name: 'Ada Lovelace', tags: ['vip'] },
        { phone: b!, name: null, tags: ['vip'] },
        { phone: c!, name: 'Zoë', tags: ['vip'] }, // ë is GSM-7? no: UCS-2 → 70 per segment
        { phone: d!, name: 'Opted Out', tags: ['vip'], optedOut: true },
        { phone: e!, name: 'No Consent', tags: ['vip'], consent: 'UNKNOWN' },
      ],
    });
    // 150 GSM characters + the name: 1 segment for "Ada", 2 for a longer merge; 'ë' forces UCS-2.
    const body = `Hi {{first_name|there}}! ${'x'.repeat(140)}`;
    const launched = await draftAndLaunch(tenant, { body, audience: { tagsAny: ['vip'] } });
    expect(launched.status).toBe('SENDING');
    const recipients = await ownerQuery<{
      phone: string;
      body: string | null;
      segments: number;
      cost: number;
      status: string;
      skip_reason: string | null;
      batch_no: number;
    }>(
      'SELECT phone, body, segments, cost, status::text, skip_reason, batch_no FROM campaign_recipients WHERE campaign_id = $1 ORDER BY phone',
      [launched.id],
    );
    const byPhone = Object.fromEntries(recipients.map((r) => [r.phone, r]));
    expect(byPhone[a!]).toMatchObject({
      body: `Hi Ada! ${'x'.repeat(140)}`,
      segments: 1,
      cost: 1,
      status: 'PENDING',
    });
    expect(byPhone[b!]).toMatchObject({
      body: `Hi there! ${'x'.repeat(140)}`,
      segments: 1,
      status: 'PENDING',
    });
    expect(byPhone[c!]).toMatchObject({ segments: 3, cost: 3, status: 'PENDING' }); // 151 UCS-2 units → 3 × 67
    expect(byPhone[d!]).toMatchObject({
      status: 'SKIPPED',
      skip_reason: 'OPTED_OUT',
      body: null,
      cost: 0,
    });
    expect(byPhone[e!]).toMatchObject({
      status: 'SKIPPED',
      skip_reason: 'NO_CONSENT',
      body: null,
      cost: 0,
    });
    const row = await campaignRow(launched.id);
    expect(row).toMatchObject({
      total_recipients: 5,
      pending_count: 3,
      skipped_count: 2,
      credits_reserved: 5,
      credits_spent: 0,
    });
    const [reservation] = await ownerQuery<{ amount: number; status: string }>(
      'SELECT amount, status::text FROM credit_reservations WHERE reservation_key = $1',
      [`campaign:${launched.id}`],
    );
    expect(reservation).toEqual({ amount: 5, status: 'PENDING' });
    const summary = await callerFor(tenant.owner).wallet.summary();
    expect(summary).toMatchObject({ balance: 1_000, reserved: 5, available: 995 });
    const jobs = (await jobsOf('campaign.send-batch')).filter((j) =>
      j.key?.startsWith(`campaign:${launched.id}:`),
    );
    expect(jobs.map((j) => j.key)).toEqual([`campaign:${launched.id}:batch:0`]);
    await expectBooksBalanced(tenant.tenantId);
  });

  it('numbers batches of 500 and enqueues one job per batch, keyed by campaign and batch', async () => {
    const tenant = await campaignTenant({
      credits: 2_000,
      contacts: numbers(1_201).map((phone) => ({ phone })),
    });
    const launched = await draftAndLaunch(tenant, { body: 'Short and sweet' });
    const batches = await ownerQuery<{ batch_no: number; n: number }>(
      'SELECT batch_no, count(*)::int AS n FROM campaign_recipients WHERE campaign_id = $1 GROUP BY 1 ORDER BY 1',
      [launched.id],
    );
    expect(batches).toEqual([
      { batch_no: 0, n: 500 },
      { batch_no: 1, n: 500 },
      { batch_no: 2, n: 201 },
    ]);
    const keys = (await jobsOf('campaign.send-batch'))
      .map((j) => j.key)
      .filter((k) => k?.includes(launched.id))
      .sort();
    expect(keys).toEqual([0, 1, 2].map((n) => `campaign:${launched.id}:batch:${n}`));
    expect(launched.batchCount).toBe(3);
  });

  it('refuses a launch the wallet cannot cover, naming the shortfall, and leaves nothing half-created', async () => {
    const tenant = await campaignTenant({
      credits: 2,
      contacts: numbers(3).map((phone) => ({ phone })),
    });
    const caller = callerFor(tenant.owner);
    const draft = await caller.campaigns.create({
      name: 'Too big',
      body: 'Hello',
      audience: { tagsAny: [], tagsAll: [], tagsNone: [] },
    });
    const error = await callerFor(tenant.owner, { 'idempotency-key': freshKey() })
      .campaigns.launch({ id: draft.id })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: 'not enough credits: 3 required, 2 available',
    });
    expect((await campaignRow(draft.id)).status).toBe('DRAFT');
    expect(
      await ownerQuery('SELECT 1 FROM campaign_recipients WHERE campaign_id = $1', [draft.id]),
    ).toEqual([]);
    expect(
      await ownerQuery('SELECT 1 FROM credit_reservations WHERE tenant_id = $1', [tenant.tenantId]),
    ).toEqual([]);
    expect((await jobsOf('campaign.send-batch')).filter((j) => j.key?.includes(draft.id))).toEqual(
      [],
    );
    await expectBooksBalanced(tenant.tenantId);
  });

  it('requires an Idempotency-Key, and a retried key returns the first answer without launching twice', async () => {
    const tenant = await campaignTenant({
      credits: 100,
      contacts: numbers(2).map((phone) => ({ phone })),
    });
    const draft = await callerFor(tenant.owner).campaigns.create({
      name: 'Once',
      body: 'Hello',
      audience: { tagsAny: [], tagsAll: [], tagsNone: [] },
    });
    expect(await trpcCode(callerFor(tenant.owner).campaigns.launch({ id: draft.id }))).toBe(
      'BAD_REQUEST',
    );
    const key = freshKey();
    const first = await callerFor(tenant.owner, { 'idempotency-key': key }).campaigns.launch({
      id: draft.id,
    });
    const again = await callerFor(tenant.owner, { 'idempotency-key': key }).campaigns.launch({
      id: draft.id,
    });
    expect(again).toEqual(JSON.parse(JSON.stringify(first)));
    expect(
      await trpcCode(
        callerFor(tenant.owner, { 'idempotency-key': freshKey() }).campaigns.launch({
          id: draft.id,
        }),
      ),
    ).toBe('CONFLICT');
    expect(
      await ownerQuery('SELECT 1 FROM credit_reservations WHERE tenant_id = $1', [tenant.tenantId]),
    ).toHaveLength(1);
    expect((await campaignRow(draft.id)).total_recipients).toBe(2);
  });

  it('refuses bad drafts and audiences nobody can receive with the reason', async () => {
    const tenant = await campaignTenant({
      credits: 100,
      contacts: [{ phone: numbers(1)[0]!, optedOut: true }],
    });
    const caller = callerFor(tenant.owner);
    const audience = { tagsAny: [], tagsAll: [], tagsNone: [] };
    await expect(
      caller.campaigns.create({ name: 'x', body: 'Hi {{email}}', audience }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('unknown merge field {{email}}') as unknown,
    });
    await expect(
      caller.campaigns.create({ name: 'x', body: '   ', audience }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('the message is empty') as unknown,
    });
    await expect(caller.campaigns.create({ name: '', body: 'ok', audience })).rejects.toMatchObject(
      { code: 'BAD_REQUEST' },
    );
    const draft = await caller.campaigns.create({ name: 'Nobody', body: 'Hello', audience });
    await expect(
      callerFor(tenant.owner, { 'idempotency-key': freshKey() }).campaigns.launch({ id: draft.id }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'none of the 1 matching contacts can be messaged (opted out or no consent)',
    });
    expect(
      await ownerQuery('SELECT 1 FROM campaign_recipients WHERE campaign_id = $1', [draft.id]),
    ).toEqual([]);
    const member = await import('../helpers/fixtures').then((f) => f.addPerson(tenant, 'STAFF'));
    expect(
      await trpcCode(
        callerFor(member, { 'idempotency-key': freshKey() }).campaigns.launch({ id: draft.id }),
      ),
    ).toBe('FORBIDDEN');
  });

  it('schedules a launch for later; the start job launches it then, or fails it with the reason', async () => {
    const tenant = await campaignTenant({
      credits: 100,
      contacts: numbers(2).map((phone) => ({ phone })),
    });
    const caller = callerFor(tenant.owner);
    const draft = await caller.campaigns.create({
      name: 'Later',
      body: 'Hello',
      audience: { tagsAny: [], tagsAll: [], tagsNone: [] },
    });
    const at = new Date(Date.now() + 3_600_000);
    const scheduled = await callerFor(tenant.owner, {
      'idempotency-key': freshKey(),
    }).campaigns.launch({ id: draft.id, scheduledAt: at });
    expect(scheduled).toMatchObject({ status: 'SCHEDULED', scheduledAt: at, totalRecipients: 0 });
    const [job] = (await jobsOf('campaign.start')).filter(
      (j) => j.key === `campaign:${draft.id}:start`,
    );
    expect(job?.run_at.getTime()).toBe(at.getTime());
    const { startScheduledCampaign } = await import('../../src/server/domain/campaigns');
    expect(await startScheduledCampaign({ tenantId: tenant.tenantId, campaignId: draft.id })).toBe(
      'started',
    );
    expect(await campaignRow(draft.id)).toMatchObject({
      status: 'SENDING',
      total_recipients: 2,
      credits_reserved: 2,
    });
    expect(await startScheduledCampaign({ tenantId: tenant.tenantId, campaignId: draft.id })).toBe(
      'skipped',
    );

    const poor = await campaignTenant({
      credits: 1,
      contacts: numbers(2).map((phone) => ({ phone })),
    });
    const draft2 = await callerFor(poor.owner).campaigns.create({
      name: 'Later',
      body: 'Hello',
      audience: { tagsAny: [], tagsAll: [], tagsNone: [] },
    });
    await callerFor(poor.owner, { 'idempotency-key': freshKey() }).campaigns.launch({
      id: draft2.id,
      scheduledAt: at,
    });
    expect(await startScheduledCampaign({ tenantId: poor.tenantId, campaignId: draft2.id })).toBe(
      'failed',
    );
    const failed = await callerFor(poor.owner).campaigns.get({ id: draft2.id });
    expect(failed.campaign).toMatchObject({
      status: 'FAILED',
      failureReason: 'not enough credits: 2 required, 1 available',
      totalRecipients: 0,
    });
    expect(failed.timeline.map((e) => e.kind)).toEqual(['created', 'scheduled', 'launch_failed']);
    await expectBooksBalanced(poor.tenantId);
  });

  it('cancels a draft or a scheduled campaign before it launches: nothing reserved, nothing sent, the start job does nothing', async () => {
    const tenant = await campaignTenant({
      credits: 100,
      contacts: numbers(2, 80_000_000).map((phone) => ({ phone })),
    });
    const caller = callerFor(tenant.owner);
    const draft = await caller.campaigns.create({
      name: 'Never mind',
      body: 'Hello',
      audience: { tagsAny: [], tagsAll: [], tagsNone: [] },
    });
    expect(
      await callerFor(tenant.owner, { 'idempotency-key': freshKey() }).campaigns.cancel({
        id: draft.id,
      }),
    ).toMatchObject({ status: 'CANCELLED', totalRecipients: 0, reservationKey: null });
    expect(
      await trpcCode(
        callerFor(tenant.owner, { 'idempotency-key': freshKey() }).campaigns.launch({
          id: draft.id,
        }),
      ),
    ).toBe('CONFLICT');

    const later = await caller.campaigns.create({
      name: 'Later, then not',
      body: 'Hello',
      audience: { tagsAny: [], tagsAll: [], tagsNone: [] },
    });
    await callerFor(tenant.owner, { 'idempotency-key': freshKey() }).campaigns.launch({
      id: later.id,
      scheduledAt: new Date(Date.now() + 3_600_000),
    });
    expect(
      await callerFor(tenant.owner, { 'idempotency-key': freshKey() }).campaigns.cancel({
        id: later.id,
      }),
    ).toMatchObject({ status: 'CANCELLED' });
    const { startScheduledCampaign } = await import('../../src/server/domain/campaigns');
    expect(await startScheduledCampaign({ tenantId: tenant.tenantId, campaignId: later.id })).toBe(
      'skipped',
    );
    expect(
      await ownerQuery('SELECT 1 FROM credit_reservations WHERE tenant_id = $1', [tenant.tenantId]),
    ).toEqual([]);
    expect((await caller.campaigns.get({ id: later.id })).timeline.map((e) => e.kind)).toEqual([
      'created',
      'scheduled',
      'cancelled',
    ]);
    expect(
      await trpcCode(
        callerFor(tenant.owner, { 'idempotency-key': freshKey() }).campaigns.cancel({
          id: later.id,
        }),
      ),
    ).toBe('CONFLICT');
    await expectBooksBalanced(tenant.tenantId);
  });
});
