// Alert drills for campaigns and credits: campaigns launched through the router and sent by real
// graphile-worker passes (runOnce, the worker's task list) through the real twilio SDK against
// the Twilio simulator's HTTP API, the registry scraped around each step, promtool run on the
// scraped series against docs/ops/prometheus/alerts.yml, and the console repair (Campaigns →
// Reconcile now) made through its tRPC procedure and found in the audit trail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withSystemTx, withTenantTx } from '../../src/server/db/tx';
import { getJobStats } from '../../src/server/domain/jobs/queue-stats';
import { registerJobStats } from '../../src/server/obs/metrics';
import { callerFor, ownerQuery, type TestTenant } from '../helpers/fixtures';
import { waitFor } from '../helpers/wait-for';
import { makeAllDue, runDueJobs } from '../kernel/support';
import {
  setEnv,
  useHttpTwilioSimulator,
  startTestApp,
  type TestApp,
} from '../twilio-messaging/server';
import {
  campaignRow,
  campaignTenant,
  draftAndLaunch,
  numbers,
  statusesOf,
} from '../campaigns/support';
import { expectPromtool, hold, repeat, scrape, valueIn, type Scrape } from './promtool';

let app: TestApp;
beforeAll(async () => {
  useHttpTwilioSimulator({
    // Delivery reports are held back: campaigns stay SENDING with their sends done.
    SIM_TWILIO_STATUS_DELAY_MS: '600000',
  });
  app = await startTestApp();
  // As the web process does: the job gauges are read from the database at scrape time.
  registerJobStats(() => withSystemTx((tx) => getJobStats(tx)));
});
afterAll(async () => {
  setEnv({ SIM_TWILIO_FAIL_RATE: '0' });
  await app.close();
});

const auditEntries = (tenant: TestTenant, action: string) =>
  withTenantTx(tenant.tenantId, (tx) => tx.auditEntry.findMany({ where: { action } }));

/** Send attempts made for the campaign's recipients so far. */
const attemptsOf = async (campaignId: string) =>
  (
    await ownerQuery<{ n: number }>(
      'SELECT coalesce(sum(attempts), 0)::int AS n FROM campaign_recipients WHERE campaign_id = $1',
      [campaignId],
    )
  )[0]!.n;

const twilio = (s: Scrape, outcome: string) =>
  valueIn(s, 'provider_requests_total', { provider: 'twilio', outcome }) ?? 0;

/** Worker passes until `done` holds (a pass on a busy machine may find nothing due yet). */
const runJobsUntil = (done: () => Promise<boolean>) =>
  waitFor(async () => {
    await runDueJobs();
    return done();
  });

const RECIPIENTS = 5;
let numberBlock = 80_000_000;
const tenantWithContacts = async () => {
  numberBlock += 1_000;
  return campaignTenant({
    credits: 100,
    contacts: numbers(RECIPIENTS, numberBlock).map((phone) => ({ phone })),
  });
};

describe('alert drills: campaigns and credits', () => {
  it('ProviderErrorRateHigh: the Twilio API answering 503 to every send (SIM_TWILIO_FAIL_RATE=1)', async () => {
    const tenant = await tenantWithContacts();
    /** Scrapes before a campaign's launch and after its batch has tried every recipient. */
    const sendWindow = async (body: string) => {
      const from = await scrape();
      const campaign = await draftAndLaunch(tenant, { body });
      await runJobsUntil(async () => (await attemptsOf(campaign.id)) === RECIPIENTS);
      return { campaign, from, to: await scrape() };
    };
    const healthy = await sendWindow('Healthy sends');
    expect(twilio(healthy.to, 'ok') - twilio(healthy.from, 'ok')).toBe(RECIPIENTS);

    setEnv({ SIM_TWILIO_FAIL_RATE: '1' });
    const failing = await sendWindow('Sends during an outage');
    expect(twilio(failing.to, 'transient') - twilio(failing.from, 'transient')).toBe(RECIPIENTS);
    expect(twilio(failing.to, 'ok')).toBe(twilio(failing.from, 'ok'));
    expect(await statusesOf(failing.campaign.id)).toEqual({ PENDING: RECIPIENTS });

    // The provider recovers. Nothing to repair on our side (runbook: transient sends retry with
    // backoff); the backoff is skipped here, then the batch's own retry sends them all.
    setEnv({ SIM_TWILIO_FAIL_RATE: '0' });
    await ownerQuery(
      `UPDATE campaign_recipients SET retry_at = now() WHERE campaign_id = $1 AND status = 'PENDING'`,
      [failing.campaign.id],
    );
    await makeAllDue();
    const r0 = await scrape();
    await runJobsUntil(
      async () => (await campaignRow(failing.campaign.id)).sent_count === RECIPIENTS,
    );
    const r1 = await scrape();
    expect(twilio(r1, 'ok') - twilio(r0, 'ok')).toBe(RECIPIENTS);
    expect(await statusesOf(failing.campaign.id)).toEqual({ SENT: RECIPIENTS });

    await expectPromtool('ProviderErrorRateHigh', [
      {
        name: 'healthy: sends accepted',
        phases: [repeat(healthy.from, healthy.to, 30)],
        fires: [],
      },
      {
        name: 'every send refused as busy',
        phases: [repeat(healthy.from, healthy.to, 5), repeat(failing.from, failing.to, 25)],
        fires: [
          {
            labels: { severity: 'page', provider: 'twilio' },
            annotations: {
              summary: 'twilio API calls failing',
              description:
                '100% of calls to twilio failed (error or transient) over 10 minutes: SMS sends or checkouts are failing or being retried.',
              runbook_url: 'docs/runbooks/provider-error-rate-high.md',
            },
          },
        ],
      },
      { name: 'provider answering again', phases: [repeat(r0, r1, 30)], fires: [] },
    ]);
  });

  it('StuckCampaigns: a SENDING campaign whose batch job was lost, quiet for 10 minutes; Campaigns → Reconcile now', async () => {
    const tenant = await tenantWithContacts();
    const healthy = await scrape();
    expect(valueIn(healthy, 'stuck_campaigns')).toBe(0);

    const campaign = await draftAndLaunch(tenant, { body: 'Lost batch' });
    // The batch's job is lost (as after a crash that took the queue row), and 11 minutes pass
    // with no recipient progress (the clock moved: last_progress_at set back).
    await ownerQuery('DELETE FROM graphile_worker._private_jobs WHERE key LIKE $1', [
      `campaign:${campaign.id}:%`,
    ]);
    await ownerQuery(
      `UPDATE campaigns SET last_progress_at = now() - interval '11 minutes' WHERE id = $1`,
      [campaign.id],
    );
    const failing = await scrape();
    expect(valueIn(failing, 'stuck_campaigns')).toBe(1);

    // The console's Reconcile now re-enqueues the batch (same key); the worker sends it.
    const report = await callerFor(tenant.owner).campaigns.reconcileNow();
    expect(report.campaigns).toEqual([{ id: campaign.id, actions: { requeue_batch: 1 } }]);
    await runJobsUntil(async () => (await campaignRow(campaign.id)).sent_count === RECIPIENTS);
    expect(await statusesOf(campaign.id)).toEqual({ SENT: RECIPIENTS });
    const repaired = await scrape();
    expect(valueIn(repaired, 'stuck_campaigns')).toBe(0);
    const [audit] = await auditEntries(tenant, 'campaigns.reconciled');
    expect(audit).toMatchObject({ actorId: tenant.owner.userId, subject: 'campaigns' });
    expect(audit!.detail).toMatchObject({ campaigns: [campaign.id] });

    await expectPromtool('StuckCampaigns', [
      { name: 'healthy scrape', phases: [hold(healthy, 22)], fires: [] },
      {
        name: 'a campaign without progress',
        phases: [hold(healthy, 2), hold(failing, 20)],
        fires: [
          {
            labels: { severity: 'page' },
            annotations: {
              summary: 'Campaigns sending without progress for 25 minutes',
              description:
                '1 campaign(s) have been SENDING with no recipient progress for at least 25 minutes, and the reconciler has not moved them.',
              runbook_url: 'docs/runbooks/stuck-campaigns.md',
            },
          },
        ],
      },
      { name: 'after Reconcile now', phases: [hold(repaired, 22)], fires: [] },
    ]);
  });

  it('CreditReservationsExpiredOpen: a campaign reservation past its expiry with no sweep running; Campaigns → Reconcile now', async () => {
    const tenant = await tenantWithContacts();
    const healthy = await scrape();
    expect(valueIn(healthy, 'credit_reservations_expired_open')).toBe(0);

    const campaign = await draftAndLaunch(tenant, { body: 'Held credits' });
    // Its reservation (7 days) runs out while no expiry sweep runs (no worker in this file):
    // the clock moved, expires_at set back.
    const [reservation] = await ownerQuery<{ id: string }>(
      `UPDATE credit_reservations SET expires_at = now() - interval '1 minute'
        WHERE tenant_id = $1 AND reservation_key = $2 RETURNING id`,
      [tenant.tenantId, `campaign:${campaign.id}`],
    );
    expect(reservation).toBeDefined();
    const failing = await scrape();
    expect(valueIn(failing, 'credit_reservations_expired_open')).toBe(1);

    // The console's Reconcile now also expires the workspace's overdue reservations.
    const report = await callerFor(tenant.owner).campaigns.reconcileNow();
    expect(report.actions.expire_reservation).toBe(1);
    const [closed] = await ownerQuery<{ status: string }>(
      'SELECT status::text FROM credit_reservations WHERE id = $1',
      [reservation!.id],
    );
    expect(closed?.status).not.toBe('PENDING');
    const repaired = await scrape();
    expect(valueIn(repaired, 'credit_reservations_expired_open')).toBe(0);
    const [audit] = await auditEntries(tenant, 'campaigns.reconciled');
    expect(audit).toMatchObject({ actorId: tenant.owner.userId, subject: 'campaigns' });
    expect(audit!.detail).toMatchObject({ actions: { expire_reservation: 1 } });

    await expectPromtool('CreditReservationsExpiredOpen', [
      { name: 'healthy scrape', phases: [hold(healthy, 27)], fires: [] },
      {
        name: 'an expired reservation left open',
        phases: [hold(healthy, 2), hold(failing, 25)],
        fires: [
          {
            labels: { severity: 'ticket' },
            annotations: {
              summary: 'Expired credit reservations still open',
              description:
                '1 credit reservation(s) are still PENDING past their expiry: the credits they hold are unavailable to their workspaces.',
              runbook_url: 'docs/runbooks/credit-reservations-expired-open.md',
            },
          },
        ],
      },
      { name: 'after Reconcile now', phases: [hold(repaired, 27)], fires: [] },
    ]);
  });
});
