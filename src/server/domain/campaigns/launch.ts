// Launch: DRAFT → SENDING now (or → SCHEDULED, started later by the campaign.start job). Starting
// snapshots the audience, reserves the credits every sendable message costs and enqueues the
// batches, all in the caller's transaction: a wallet that cannot cover it throws and leaves no
// recipient, reservation or job behind.
import type { Tx } from '../../db/tx';
import type { Actor } from '../audit/actor';
import { enqueue } from '../../jobs/enqueue';
import { audienceFilterSchema } from '../contacts';
import { reserveCredits } from '../wallet';
import { ConflictError, ValidationError } from '../errors';
import { recordAudit } from '../audit/record';
import { getCampaign, lockCampaign } from './drafts';
import { snapshotAudience } from './snapshot';
import { enqueueAllBatches } from './batches';
import { recordCampaignEvent } from './events';
import { ensureTwilioConnection } from './status-callback';

/** A reservation outlives any sane send; the reconciler closes it long before when the campaign ends. */
const RESERVATION_TTL_MS = 7 * 24 * 3600_000;
/** A schedule closer than this is just "now". */
const SCHEDULE_MIN_AHEAD_MS = 60_000;
const SCHEDULE_MAX_AHEAD_MS = 365 * 24 * 3600_000;

export const reservationKeyOf = (campaignId: string) => `campaign:${campaignId}`;

export async function launchCampaign(
  tx: Tx,
  input: { actor: Actor; campaignId: string; scheduledAt?: Date | null },
) {
  const { actor } = input;
  const current = await lockCampaign(tx, { id: input.campaignId });
  if (current.status !== 'DRAFT')
    throw new ConflictError(`this campaign is already ${current.status}`, {
      status: current.status,
    });
  // Delivery reports need somewhere to arrive before the first message leaves.
  await ensureTwilioConnection(tx, { actor });
  const at = input.scheduledAt ?? null;
  if (at && at.getTime() - Date.now() > SCHEDULE_MIN_AHEAD_MS) {
    if (at.getTime() - Date.now() > SCHEDULE_MAX_AHEAD_MS)
      throw new ValidationError('a campaign can be scheduled at most a year ahead', {
        field: 'scheduledAt',
      });
    await tx.campaign.update({
      where: { id: current.id },
      data: { status: 'SCHEDULED', scheduledAt: at },
    });
    await enqueue(
      tx,
      'campaign.start',
      { tenantId: current.tenantId, campaignId: current.id },
      { jobKey: `campaign:${current.id}:start`, jobKeyMode: 'replace', runAt: at },
    );
    await recordCampaignEvent(tx, {
      tenantId: current.tenantId,
      campaignId: current.id,
      kind: 'scheduled',
      detail: { scheduledAt: at.toISOString() },
      actorId: actor.userId,
    });
    await recordAudit(tx, {
      tenantId: current.tenantId,
      actorId: actor.userId,
      action: 'campaign.scheduled',
      subject: `campaign:${current.id}`,
      detail: { scheduledAt: at.toISOString() },
    });
  } else {
    await startCampaign(tx, { campaignId: current.id, actor });
  }
  return getCampaign(tx, { id: current.id });
}

/** DRAFT/SCHEDULED → SENDING. The caller holds the campaign row lock (lockCampaign). */
export async function startCampaign(
  tx: Tx,
  { campaignId, actor }: { campaignId: string; actor: Actor },
): Promise<void> {
  const actorId = actor.userId;
  const campaign = await tx.campaign.findUniqueOrThrow({
    where: { id: campaignId },
    select: { id: true, tenantId: true, body: true, audience: true },
  });
  const audience = audienceFilterSchema.parse(campaign.audience);
  const snapshot = await snapshotAudience(tx, { ...campaign, audience });
  if (snapshot.sendable === 0) {
    throw new ValidationError(
      snapshot.total === 0
        ? 'no contact matches this audience'
        : `none of the ${snapshot.total} matching contacts can be messaged (opted out or no consent)`,
      { field: 'audience', ...snapshot.skippedBy },
    );
  }
  const reservationKey = reservationKeyOf(campaign.id);
  // Throws InsufficientCreditError (nothing reserved) when the wallet cannot cover every message.
  await reserveCredits(tx, {
    tenantId: campaign.tenantId,
    reservationKey,
    amount: snapshot.credits,
    expiresAt: new Date(Date.now() + RESERVATION_TTL_MS),
    purpose: 'campaign',
    subject: `campaign:${campaign.id}`,
  });
  const now = new Date();
  await tx.campaign.update({
    where: { id: campaign.id },
    data: {
      status: 'SENDING',
      reservationKey,
      creditsReserved: snapshot.credits,
      batchCount: snapshot.batches,
      launchedAt: now,
      lastProgressAt: now,
    },
  });
  await enqueueAllBatches(tx, {
    tenantId: campaign.tenantId,
    campaignId: campaign.id,
    count: snapshot.batches,
  });
  const detail = {
    recipients: snapshot.total,
    sendable: snapshot.sendable,
    skipped: snapshot.skippedBy,
    credits: snapshot.credits,
    batches: snapshot.batches,
  };
  await recordCampaignEvent(tx, {
    tenantId: campaign.tenantId,
    campaignId: campaign.id,
    kind: 'launched',
    detail,
    actorId,
  });
  await recordAudit(tx, {
    tenantId: campaign.tenantId,
    actorId,
    action: 'campaign.launched',
    subject: `campaign:${campaign.id}`,
    detail,
  });
}
