// The campaign timeline: one row per thing that happened to it, shown on the detail page.
import type { Tx } from '../../db/tx';
import type { Prisma } from '../../db/generated/client';

export type CampaignEventKind =
  | 'created'
  | 'updated'
  | 'scheduled'
  | 'launched'
  | 'launch_failed'
  | 'sending_finished'
  | 'completed'
  | 'cancelled'
  | 'reconciled'
  | 'duplicate_send_detected';

export async function recordCampaignEvent(
  tx: Tx,
  e: {
    tenantId: string;
    campaignId: string;
    kind: CampaignEventKind;
    detail?: Prisma.InputJsonValue;
    actorId?: string | null;
  },
): Promise<void> {
  await tx.campaignEvent.create({
    data: {
      tenantId: e.tenantId,
      campaignId: e.campaignId,
      kind: e.kind,
      detail: e.detail ?? {},
      actorId: e.actorId ?? null,
    },
  });
}

export type CampaignEventView = {
  id: string;
  kind: string;
  detail: Record<string, unknown>;
  actorId: string | null;
  createdAt: Date;
};

export async function listCampaignEvents(
  tx: Tx,
  { campaignId }: { campaignId: string },
): Promise<CampaignEventView[]> {
  const rows = await tx.campaignEvent.findMany({
    where: { campaignId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: 500,
    select: { id: true, kind: true, detail: true, actorId: true, createdAt: true },
  });
  return rows.map((r) => ({
    ...r,
    detail:
      r.detail !== null && typeof r.detail === 'object' && !Array.isArray(r.detail)
        ? (r.detail as Record<string, unknown>)
        : {},
  }));
}
