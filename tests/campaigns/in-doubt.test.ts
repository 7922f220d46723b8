// A run killed between claiming and recording: the next run must neither lose the recipient nor
// send it twice. Simulated exactly as a crash leaves it — rows SENDING without a provider id,
// with or without a message in the provider's log — then the batch runs again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenantTx } from '../../src/server/db/tx';
import { ownerQuery } from '../helpers/fixtures';
import {
  setEnv,
  useHttpTwilioSimulator,
  startTestApp,
  type TestApp,
} from '../twilio-messaging/server';
import { runSendBatch } from '../../src/server/domain/campaigns';
import { claimRecipients, dueRecipientIds } from '../../src/server/domain/campaigns/claim';
import {
  recipientMessageKey,
  statusCallbackUrl,
} from '../../src/server/domain/campaigns/status-callback';
import type { SmsSender } from '../../src/server/providers/twilio/messaging';
import { getSmsSender } from '../../src/server/simulators/clients';
import {
  campaignRow,
  statusesOf,
  campaignTenant,
  draftAndLaunch,
  drainJobs,
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

/** What a run that died right after sending (or right after claiming) leaves behind. */
async function crashAfter(
  step: 'claim' | 'send',
  tenantId: string,
  campaignId: string,
  count: number,
): Promise<string[]> {
  const claimed = await withTenantTx(tenantId, async (tx) =>
    claimRecipients(tx, {
      ids: await dueRecipientIds(tx, { campaignId, batchNo: 0, limit: count }),
    }),
  );
  if (step === 'send') {
    const callback = await withTenantTx(tenantId, (tx) => statusCallbackUrl(tx, { tenantId }));
    for (const r of claimed) {
      const result = await getSmsSender().send({
        to: r.phone,
        body: r.body,
        statusCallback: callback,
        idempotencyKey: recipientMessageKey(r.id),
      });
      expect(result.ok).toBe(true);
    }
  }
  return claimed.map((r) => r.id);
}

const ageClaims = (campaignId: string) =>
  ownerQuery(
    `UPDATE campaign_recipients SET claimed_at = now() - interval '5 minutes' WHERE campaign_id = $1 AND status = 'SENDING'`,
    [campaignId],
  );
const logCount = async (phones: string[]) =>
  (
    await ownerQuery<{ n: number }>(
      'SELECT count(*)::int AS n FROM simulator_twilio_messages WHERE "to" = ANY($1)',
      [phones],
    )
  )[0]!.n;

describe('in-doubt sends after a crash', () => {
  it('waits out the grace period, then finds sent messages in the provider and records them without resending', async () => {
    const phones = numbers(6, 60_000_000);
    const tenant = await campaignTenant({
      credits: 20,
      contacts: phones.map((phone) => ({ phone, name: 'Kim' })),
    });
    const launched = await draftAndLaunch(tenant, { body: 'Hello {{first_name}}' });
    await crashAfter('send', tenant.tenantId, launched.id, 4);
    expect(await logCount(phones)).toBe(4);

    // Too early: the run sends the 2 untouched recipients and comes back after the grace period.
    const early = await runSendBatch({
      batch: { tenantId: tenant.tenantId, campaignId: launched.id, batchNo: 0 },
      sender: getSmsSender(),
    });
    expect(early).toMatchObject({ sent: 2, recovered: 0, stopped: 'wait' });
    expect(early.nextRunAt!.getTime()).toBeGreaterThan(Date.now());
    expect(await campaignRow(launched.id)).toMatchObject({ pending_count: 4, sent_count: 2 });
    expect(await statusesOf(launched.id)).toEqual({ SENDING: 4, SENT: 2 });

    await ageClaims(launched.id);
    const later = await runSendBatch({
      batch: { tenantId: tenant.tenantId, campaignId: launched.id, batchNo: 0 },
      sender: getSmsSender(),
    });
    expect(later).toMatchObject({
      sent: 0,
      recovered: 4,
      requeued: 0,
      stopped: 'done',
      nextRunAt: null,
    });
    expect(await logCount(phones)).toBe(6);
    expect(await campaignRow(launched.id)).toMatchObject({
      pending_count: 0,
      sent_count: 6,
      credits_spent: 6,
    });
    await expectCampaignConsistent(tenant.tenantId, launched.id);
  });

  it('sends a claimed recipient whose message never left, exactly once', async () => {
    const phones = numbers(3, 61_000_000);
    const tenant = await campaignTenant({
      credits: 20,
      contacts: phones.map((phone) => ({ phone })),
    });
    const launched = await draftAndLaunch(tenant, { body: 'Never left' });
    await crashAfter('claim', tenant.tenantId, launched.id, 3);
    await ageClaims(launched.id);
    const run = await runSendBatch({
      batch: { tenantId: tenant.tenantId, campaignId: launched.id, batchNo: 0 },
      sender: getSmsSender(),
    });
    expect(run).toMatchObject({ requeued: 3, recovered: 0, sent: 3 });
    expect(await logCount(phones)).toBe(3);
    await expectCampaignConsistent(tenant.tenantId, launched.id);
  });

  it('a lost answer (timeout after the request left) is not resent: the status callback records it by our key', async () => {
    setEnv({ SIM_TWILIO_STATUS_DELAY_MS: '0' });
    try {
      const phones = numbers(2, 62_000_000);
      const tenant = await campaignTenant({
        credits: 20,
        contacts: phones.map((phone) => ({ phone })),
      });
      const launched = await draftAndLaunch(tenant, { body: 'Answer lost' });
      const real = getSmsSender();
      // The request reaches the provider, the answer never comes back.
      const lossy: SmsSender = {
        mode: real.mode,
        recentMessagesTo: (to, limit) => real.recentMessagesTo(to, limit),
        send: async (input) => {
          await real.send(input);
          return {
            ok: false,
            kind: 'transient',
            code: null,
            message: 'ETIMEDOUT: timeout of 10000ms exceeded',
            httpStatus: null,
            ambiguous: true,
          };
        },
      };
      const run = await runSendBatch({
        batch: { tenantId: tenant.tenantId, campaignId: launched.id, batchNo: 0 },
        sender: lossy,
      });
      expect(run).toMatchObject({ sent: 0, inDoubt: 2, stopped: 'wait' });
      expect(await campaignRow(launched.id)).toMatchObject({ pending_count: 2, credits_spent: 0 });
      expect(await statusesOf(launched.id)).toEqual({ SENDING: 2 });
      await drainJobs(); // the simulator's callbacks arrive carrying ?sbk=cr:<recipient id>
      expect(await logCount(phones)).toBe(2);
      expect(await campaignRow(launched.id)).toMatchObject({
        status: 'COMPLETED',
        delivered_count: 2,
        credits_spent: 2,
      });
      await expectCampaignConsistent(tenant.tenantId, launched.id);
    } finally {
      setEnv({ SIM_TWILIO_STATUS_DELAY_MS: '600000' });
    }
  });
});
