// Delivery reports in any order and any number, and the reconciler repairing what a lost job or
// a crash leaves: counts recomputed, missing batches re-enqueued under their keys, reservations
// released, every fix counted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withSystemTx, withTenantTx } from '../../src/server/db/tx';
import { callerFor, ownerQuery } from '../helpers/fixtures';
import { jobsOf, runDueJobs } from '../kernel/support';
import { useHttpTwilioSimulator, startTestApp, type TestApp } from '../twilio-messaging/server';
import {
  applyDeliveryReport,
  reconcileCampaigns,
  runSendBatch,
} from '../../src/server/domain/campaigns';
import { getSmsSender } from '../../src/server/simulators/clients';
import { metricValue } from '../helpers/metrics';
import {
  campaignRow,
  campaignTenant,
  draftAndLaunch,
  expectCampaignConsistent,
  numbers,
} from './support';

let app: TestApp;
beforeAll(async () => {
  useHttpTwilioSimulator({
    SIM_TWILIO_STATUS_DELAY_MS: '600000',
  });
  app = await startTestApp();
});
afterAll(async () => app.close());

const sidsOf = async (campaignId: string) =>
  (
    await ownerQuery<{ provider_message_id: string }>(
      'SELECT provider_message_id FROM campaign_recipients WHERE campaign_id = $1 AND provider_message_id IS NOT NULL ORDER BY id',
      [campaignId],
    )
  ).map((r) => r.provider_message_id);

describe('delivery reports', () => {
  it('are harmless out of order and repeated: final states stay final, counts follow, nothing is charged twice', async () => {
    const tenant = await campaignTenant({
      credits: 20,
      contacts: numbers(3, 70_000_000).map((phone) => ({ phone })),
    });
    const launched = await draftAndLaunch(tenant, { body: 'Reports' });
    await runSendBatch({
      batch: { tenantId: tenant.tenantId, campaignId: launched.id, batchNo: 0 },
      sender: getSmsSender(),
    });
    const [s1, s2, s3] = await sidsOf(launched.id);
    const report = (messageSid: string, status: string, errorCode: number | null = null) =>
      withTenantTx(tenant.tenantId, (tx) =>
        applyDeliveryReport(tx, { messageSid, status, errorCode, callbackKey: null }),
      );
    expect(await report(s1!, 'delivered')).toBe('applied');
    expect(await report(s1!, 'sent')).toBe('unchanged'); // late 'sent' after 'delivered'
    expect(await report(s1!, 'delivered')).toBe('unchanged'); // duplicate
    expect(await report(s1!, 'undelivered', 30003)).toBe('unchanged'); // contradicting late final
    expect(await report(s2!, 'undelivered', 30005)).toBe('applied');
    expect(await report(s2!, 'delivered')).toBe('unchanged');
    expect(await report('SM' + 'f'.repeat(32), 'delivered')).toBe('not-a-campaign-message');
    expect(await campaignRow(launched.id)).toMatchObject({
      status: 'SENDING',
      sent_count: 1,
      delivered_count: 1,
      failed_count: 1,
      credits_spent: 3,
    });
    expect(await report(s3!, 'read')).toBe('applied');
    expect(await campaignRow(launched.id)).toMatchObject({
      status: 'COMPLETED',
      delivered_count: 2,
      failed_count: 1,
    });
    const failed = await ownerQuery<{ error_code: number; provider_status: string }>(
      'SELECT error_code, provider_status FROM campaign_recipients WHERE provider_message_id = $1',
      [s2],
    );
    expect(failed).toEqual([{ error_code: 30005, provider_status: 'undelivered' }]);
    await expectCampaignConsistent(tenant.tenantId, launched.id);
  });

  it('a report under our key naming another message flags a duplicate send instead of hiding it', async () => {
    const tenant = await campaignTenant({
      credits: 20,
      contacts: numbers(1, 71_000_000).map((phone) => ({ phone })),
    });
    const launched = await draftAndLaunch(tenant, { body: 'Dup' });
    await runSendBatch({
      batch: { tenantId: tenant.tenantId, campaignId: launched.id, batchNo: 0 },
      sender: getSmsSender(),
    });
    const [row] = await ownerQuery<{ id: string }>(
      'SELECT id FROM campaign_recipients WHERE campaign_id = $1',
      [launched.id],
    );
    const outcome = await withTenantTx(tenant.tenantId, (tx) =>
      applyDeliveryReport(tx, {
        messageSid: 'SM' + 'e'.repeat(32),
        status: 'delivered',
        errorCode: null,
        callbackKey: `cr:${row!.id}`,
      }),
    );
    expect(outcome).toBe('duplicate-send');
    const { timeline } = await callerFor(tenant.owner).campaigns.get({ id: launched.id });
    expect(timeline.at(-1)).toMatchObject({ kind: 'duplicate_send_detected' });
    await expectCampaignConsistent(tenant.tenantId, launched.id);
  });
});

describe('the reconciler', () => {
  it('re-enqueues a lost batch under its key, recounts drifted totals and finishes the sending', async () => {
    {
      const tenant = await campaignTenant({
        credits: 2_000,
        contacts: numbers(510, 72_000_000).map((phone) => ({ phone })),
      });
      const launched = await draftAndLaunch(tenant, { body: 'Lost batch' });
      // Batch 1's job is lost (deleted from the queue), and the totals drifted (a direct edit).
      await ownerQuery(`DELETE FROM graphile_worker._private_jobs WHERE key = $1`, [
        `campaign:${launched.id}:batch:1`,
      ]);
      await runDueJobs(); // batch 0 (delivery reports are held back 10 minutes)
      expect(await campaignRow(launched.id)).toMatchObject({
        status: 'SENDING',
        pending_count: 10,
        sent_count: 500,
      });
      await ownerQuery(
        'UPDATE campaigns SET sent_count = sent_count - 5, failed_count = failed_count + 5 WHERE id = $1',
        [launched.id],
      );

      // Not quiet long enough for the cron rule; the console's "now" (quietMs 0) repairs it.
      expect((await withSystemTx((tx) => reconcileCampaigns(tx))).examined).toBe(0);
      const before = await metricValue('reconciler_actions_total', { action: 'requeue_batch' });
      const report = await callerFor(tenant.owner).campaigns.reconcileNow();
      expect(report.examined).toBe(1);
      expect(report.campaigns[0]!.actions).toEqual({ recount: 1, requeue_batch: 1 });
      expect(await metricValue('reconciler_actions_total', { action: 'requeue_batch' })).toBe(
        before + 1,
      );
      expect((await jobsOf('campaign.send-batch')).map((j) => j.key)).toContain(
        `campaign:${launched.id}:batch:1`,
      );
      // Re-running it re-enqueues nothing new: the batch's job exists under the same key.
      await callerFor(tenant.owner).campaigns.reconcileNow();
      expect(
        (await jobsOf('campaign.send-batch')).filter(
          (j) => j.key === `campaign:${launched.id}:batch:1`,
        ),
      ).toHaveLength(1);
      await runDueJobs();
      // Everything handed over: the reservation is closed; the campaign completes with the reports.
      expect(await campaignRow(launched.id)).toMatchObject({
        status: 'SENDING',
        sent_count: 510,
        failed_count: 0,
        credits_spent: 510,
      });
      const { timeline } = await callerFor(tenant.owner).campaigns.get({ id: launched.id });
      expect(timeline.map((e) => e.kind)).toEqual(
        expect.arrayContaining(['reconciled', 'sending_finished']),
      );
      await expectCampaignConsistent(tenant.tenantId, launched.id);
    }
  });

  it('the cron rule picks up only campaigns quiet for 10 minutes, across tenants', async () => {
    const tenant = await campaignTenant({
      credits: 20,
      contacts: numbers(2, 73_000_000).map((phone) => ({ phone })),
    });
    const launched = await draftAndLaunch(tenant, { body: 'Quiet' });
    await ownerQuery(`DELETE FROM graphile_worker._private_jobs WHERE key LIKE $1`, [
      `campaign:${launched.id}:%`,
    ]);
    await ownerQuery(
      `UPDATE campaigns SET last_progress_at = now() - interval '11 minutes' WHERE id = $1`,
      [launched.id],
    );
    const { countStuckCampaigns } = await import('../../src/server/domain/campaigns');
    expect(await withSystemTx((tx) => countStuckCampaigns(tx))).toBeGreaterThanOrEqual(1);
    const report = await withSystemTx((tx) => reconcileCampaigns(tx));
    expect(report.campaigns.find((c) => c.id === launched.id)?.actions).toEqual({
      requeue_batch: 1,
    });
  });
  it('a campaign that sent everything and only waits for delivery reports is not stuck', async () => {
    const tenant = await campaignTenant({
      credits: 20,
      contacts: numbers(2, 74_000_000).map((phone) => ({ phone })),
    });
    const launched = await draftAndLaunch(tenant, { body: 'All handed over' });
    await runDueJobs();
    expect(await campaignRow(launched.id)).toMatchObject({ status: 'SENDING', pending_count: 0 });
    const { countStuckCampaigns } = await import('../../src/server/domain/campaigns');
    const before = await withSystemTx((tx) => countStuckCampaigns(tx));
    await ownerQuery(
      `UPDATE campaigns SET last_progress_at = now() - interval '11 minutes' WHERE id = $1`,
      [launched.id],
    );
    // Nothing of ours can move it (the provider owes the reports), so no alert for it.
    expect(await withSystemTx((tx) => countStuckCampaigns(tx))).toBe(before);
  });
});
