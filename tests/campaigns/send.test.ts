// Sending end to end: the real twilio SDK against the HTTP simulator, its signed status callbacks
// through the real webhook ingest, the worker's real tasks. Every recipient ends final, the
// simulator's own log holds one message per accepted recipient, and the books balance.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerFor, ownerQuery } from '../helpers/fixtures';
import {
  setEnv,
  useHttpTwilioSimulator,
  startTestApp,
  type TestApp,
} from '../twilio-messaging/server';
import { bodyFraction } from '../../src/server/simulators/twilio/rules';
import { bodyOnSide } from '../twilio-messaging/server';
import { runSendBatch } from '../../src/server/domain/campaigns';
import { getSmsSender } from '../../src/server/simulators/clients';
import {
  campaignRow,
  campaignTenant,
  draftAndLaunch,
  drainJobs,
  expectCampaignConsistent,
  numbers,
} from './support';

let app: TestApp;
beforeAll(async () => {
  useHttpTwilioSimulator({
    SIM_TWILIO_STATUS_DELAY_MS: '0',
    CAMPAIGN_SEND_RATE_PER_MINUTE: undefined,
  });
  app = await startTestApp();
});
afterAll(async () => app.close());

const simulatorRowsTo = async (phones: string[]) =>
  ownerQuery<{ to: string; n: number }>(
    'SELECT "to", count(*)::int AS n FROM simulator_twilio_messages WHERE "to" = ANY($1) GROUP BY 1 ORDER BY 1',
    [phones],
  );

describe('sending a campaign', () => {
  it('sends every recipient once, charges what the provider accepted, completes and releases the rest', async () => {
    const good = numbers(40, 20_000_000);
    const undelivered = '+4915120000013'; // the simulator reports numbers ending in 13 undelivered (30003)
    const invalid = '+15550001234'; // the simulator refuses +1555 as an invalid number (21211)
    const tenant = await campaignTenant({
      credits: 100,
      contacts: [...good, undelivered, invalid].map((phone) => ({ phone, name: 'Sam' })),
    });
    const launched = await draftAndLaunch(tenant, {
      body: 'Hi {{first_name}}, 20% off today only',
    });
    expect(launched.creditsReserved).toBe(42);
    await drainJobs();
    const row = await campaignRow(launched.id);
    expect(row).toMatchObject({
      status: 'COMPLETED',
      total_recipients: 42,
      delivered_count: 40,
      failed_count: 2,
      pending_count: 0,
      sent_count: 0,
      credits_spent: 41,
    });
    const failures = await ownerQuery<{
      phone: string;
      error_code: number;
      provider_message_id: string | null;
      cost: number;
    }>(
      `SELECT phone, error_code, provider_message_id, cost FROM campaign_recipients WHERE campaign_id = $1 AND status = 'FAILED' ORDER BY phone`,
      [launched.id],
    );
    expect(failures).toEqual([
      { phone: invalid, error_code: 21211, provider_message_id: null, cost: 1 },
      {
        phone: undelivered,
        error_code: 30003,
        provider_message_id: expect.stringMatching(/^SM[0-9a-f]{32}$/) as unknown,
        cost: 1,
      },
    ]);
    // One message per accepted recipient in the provider's own log; none for the invalid number.
    const log = await simulatorRowsTo([...good, undelivered, invalid]);
    expect(log).toHaveLength(41);
    expect(log.every((r) => r.n === 1)).toBe(true);
    const summary = await callerFor(tenant.owner).wallet.summary();
    expect(summary).toMatchObject({ balance: 59, reserved: 0, available: 59 });
    const [reservation] = await ownerQuery<{
      status: string;
      settled_amount: number;
      released_amount: number;
    }>(
      'SELECT status::text, settled_amount, released_amount FROM credit_reservations WHERE reservation_key = $1',
      [`campaign:${launched.id}`],
    );
    expect(reservation).toEqual({ status: 'RELEASED', settled_amount: 41, released_amount: 1 });
    const detail = await callerFor(tenant.owner).campaigns.get({ id: launched.id });
    expect(detail.timeline.map((e) => e.kind)).toEqual([
      'created',
      'launched',
      'sending_finished',
      'completed',
    ]);
    await expectCampaignConsistent(tenant.tenantId, launched.id);
  });

  it('retries transient provider errors with backoff and gives up after the last attempt without charging', async () => {
    setEnv({ SIM_TWILIO_FAIL_RATE: '0.5' });
    try {
      const body = bodyOnSide(0.5, true, bodyFraction); // a body the simulator always answers 503
      const tenant = await campaignTenant({
        credits: 10,
        contacts: numbers(2, 30_000_000).map((phone) => ({ phone })),
      });
      const launched = await draftAndLaunch(tenant, { body });
      for (let i = 0; i < 8; i++) {
        await ownerQuery(
          'UPDATE campaign_recipients SET retry_at = now() WHERE campaign_id = $1 AND retry_at > now()',
          [launched.id],
        );
        await drainJobs(3);
      }
      const rows = await ownerQuery<{ status: string; attempts: number; error_message: string }>(
        'SELECT status::text, attempts, error_message FROM campaign_recipients WHERE campaign_id = $1',
        [launched.id],
      );
      expect(rows).toEqual([
        {
          status: 'FAILED',
          attempts: 6,
          error_message: expect.stringContaining('gave up after 6 attempts') as unknown,
        },
        {
          status: 'FAILED',
          attempts: 6,
          error_message: expect.stringContaining('gave up after 6 attempts') as unknown,
        },
      ]);
      expect(await campaignRow(launched.id)).toMatchObject({
        status: 'COMPLETED',
        failed_count: 2,
        credits_spent: 0,
      });
      expect(await callerFor(tenant.owner).wallet.summary()).toMatchObject({
        balance: 10,
        reserved: 0,
      });
      await expectCampaignConsistent(tenant.tenantId, launched.id);
    } finally {
      setEnv({ SIM_TWILIO_FAIL_RATE: '0' });
    }
  });

  it('keeps to the tenant outbound rate: a run sends what the window allows and comes back when it opens', async () => {
    setEnv({ CAMPAIGN_SEND_RATE_PER_MINUTE: '3' });
    try {
      const tenant = await campaignTenant({
        credits: 10,
        contacts: numbers(5, 40_000_000).map((phone) => ({ phone })),
      });
      const launched = await draftAndLaunch(tenant, { body: 'Rate limited hello' });
      const run = await runSendBatch({
        batch: { tenantId: tenant.tenantId, campaignId: launched.id, batchNo: 0 },
        sender: getSmsSender(),
      });
      expect(run).toMatchObject({ sent: 3, stopped: 'wait' });
      expect(run.nextRunAt!.getTime()).toBeGreaterThan(Date.now());
      expect(run.nextRunAt!.getTime()).toBeLessThanOrEqual(Date.now() + 60_500);
      expect(await campaignRow(launched.id)).toMatchObject({
        pending_count: 2,
        sent_count: 3,
        credits_spent: 3,
      });
      await expectCampaignConsistent(tenant.tenantId, launched.id);
    } finally {
      setEnv({ CAMPAIGN_SEND_RATE_PER_MINUTE: undefined });
    }
  });

  it('cancel stops further sends, skips the rest and releases their credits; sent messages stay charged', async () => {
    const tenant = await campaignTenant({
      credits: 2_000,
      contacts: numbers(1_100, 50_000_000).map((phone) => ({ phone })),
    });
    const launched = await draftAndLaunch(tenant, { body: 'Cancel me' });
    const first = await runSendBatch({
      batch: { tenantId: tenant.tenantId, campaignId: launched.id, batchNo: 0 },
      sender: getSmsSender(),
    });
    expect(first.sent).toBe(500);
    const cancelled = await callerFor(tenant.owner, {
      'idempotency-key': 'cancel-1',
    }).campaigns.cancel({ id: launched.id });
    expect(cancelled).toMatchObject({
      status: 'CANCELLED',
      skippedCount: 600,
      sentCount: 500,
      creditsSpent: 500,
    });
    const later = await runSendBatch({
      batch: { tenantId: tenant.tenantId, campaignId: launched.id, batchNo: 1 },
      sender: getSmsSender(),
    });
    expect(later.sent).toBe(0);
    // (Delivery reports are covered above; 1,000 more here would only cost time.)
    expect(await campaignRow(launched.id)).toMatchObject({
      status: 'CANCELLED',
      sent_count: 500,
      skipped_count: 600,
      credits_spent: 500,
    });
    expect(await callerFor(tenant.owner).wallet.summary()).toMatchObject({
      balance: 1_500,
      reserved: 0,
    });
    const reasons = await ownerQuery<{ skip_reason: string; n: number }>(
      `SELECT skip_reason, count(*)::int AS n FROM campaign_recipients WHERE campaign_id = $1 AND status = 'SKIPPED' GROUP BY 1`,
      [launched.id],
    );
    expect(reasons).toEqual([{ skip_reason: 'CANCELLED', n: 600 }]);
    await expectCampaignConsistent(tenant.tenantId, launched.id);
  });
});
