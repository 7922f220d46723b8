// Campaigns before launch: create, edit, delete, read. Only a DRAFT can change; what a campaign
// says once it is scheduled or sending is what its recipients get.
import type { Tx } from '../../db/tx';
import type { Actor } from '../audit/actor';
import type { CampaignStatus } from '../../db/generated/enums';
import { ConflictError, NotFoundError } from '../errors';
import { recordAudit } from '../audit/record';
import {
  campaignSelect,
  toCampaignView,
  type CampaignDraftInput,
  type CampaignView,
} from './fields';
import { recordCampaignEvent } from './events';

export async function createCampaign(
  tx: Tx,
  { actor, ...input }: CampaignDraftInput & { actor: Actor },
): Promise<CampaignView> {
  const campaign = await tx.campaign.create({
    data: {
      tenantId: actor.tenantId,
      name: input.name,
      body: input.body,
      audience: input.audience,
      createdById: actor.userId,
    },
    select: campaignSelect,
  });
  await recordCampaignEvent(tx, {
    tenantId: actor.tenantId,
    campaignId: campaign.id,
    kind: 'created',
    actorId: actor.userId,
  });
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorId: actor.userId,
    action: 'campaign.created',
    subject: `campaign:${campaign.id}`,
    detail: { name: campaign.name },
  });
  return toCampaignView(campaign);
}

/** The campaign row locked for a state change (FOR UPDATE), or NotFound (also for other tenants'). */
export async function lockCampaign(
  tx: Tx,
  { id }: { id: string },
): Promise<{ id: string; tenantId: string; status: CampaignStatus }> {
  const rows = await tx.$queryRaw<{ id: string; tenant_id: string; status: CampaignStatus }[]>`
    SELECT id, tenant_id, status FROM campaigns WHERE id = ${id}::uuid FOR UPDATE`;
  const row = rows[0];
  if (!row) throw new NotFoundError('campaign not found');
  return { id: row.id, tenantId: row.tenant_id, status: row.status };
}

export async function updateCampaign(
  tx: Tx,
  { actor, id, ...input }: CampaignDraftInput & { actor: Actor; id: string },
): Promise<CampaignView> {
  const current = await lockCampaign(tx, { id });
  if (current.status !== 'DRAFT')
    throw new ConflictError(`a ${current.status} campaign cannot be edited`, {
      status: current.status,
    });
  const campaign = await tx.campaign.update({
    where: { id },
    data: { name: input.name, body: input.body, audience: input.audience },
    select: campaignSelect,
  });
  await recordCampaignEvent(tx, {
    tenantId: actor.tenantId,
    campaignId: id,
    kind: 'updated',
    actorId: actor.userId,
  });
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorId: actor.userId,
    action: 'campaign.updated',
    subject: `campaign:${id}`,
    detail: { name: campaign.name },
  });
  return toCampaignView(campaign);
}

export async function deleteCampaign(
  tx: Tx,
  { actor, id }: { actor: Actor; id: string },
): Promise<{ deleted: true }> {
  const current = await lockCampaign(tx, { id });
  if (current.status !== 'DRAFT')
    throw new ConflictError(`only drafts can be deleted; this one is ${current.status}`, {
      status: current.status,
    });
  // The timeline goes with the row (cascade); the audit entry is what remains of the draft.
  const { name } = await tx.campaign.delete({ where: { id }, select: { name: true } });
  await recordAudit(tx, {
    tenantId: current.tenantId,
    actorId: actor.userId,
    action: 'campaign.deleted',
    subject: `campaign:${id}`,
    detail: { name },
  });
  return { deleted: true };
}

export async function getCampaign(tx: Tx, { id }: { id: string }): Promise<CampaignView> {
  const campaign = await tx.campaign.findUnique({ where: { id }, select: campaignSelect });
  if (!campaign) throw new NotFoundError('campaign not found');
  return toCampaignView(campaign);
}

export async function listCampaigns(
  tx: Tx,
  input: { limit: number; cursor?: string; status?: CampaignStatus },
) {
  const rows = await tx.campaign.findMany({
    where: input.status ? { status: input.status } : undefined,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: input.limit + 1,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
    select: campaignSelect,
  });
  return {
    items: rows.slice(0, input.limit).map(toCampaignView),
    nextCursor: rows.length > input.limit ? rows[input.limit - 1]!.id : null,
  };
}
