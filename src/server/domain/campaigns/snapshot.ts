// The audience snapshot taken at launch: one recipient row per matching contact, with the exact
// message it will get and what that costs (one credit per SMS segment), or the reason it is
// skipped. Sendable recipients are numbered into batches of BATCH_SIZE in contact-id order, so
// batch numbers (and the job keys built from them) are the same however often this is computed.
import type { Tx } from '../../db/tx';
import { countSmsSegments } from '@/lib/sms/segments';
import { mergeTemplate, parseTemplate } from '@/lib/sms/template';
import { listAudiencePage, type AudienceFilter } from '../contacts';
import { ValidationError } from '../errors';

export const BATCH_SIZE = 500;
const PAGE = 5_000;
const MAX_BODY = 1_600;

export type SnapshotResult = {
  total: number;
  sendable: number;
  skipped: number;
  credits: number;
  batches: number;
  skippedBy: Record<string, number>;
};

type Row = {
  contactId: string;
  phone: string;
  body: string | null;
  segments: number;
  status: 'PENDING' | 'SKIPPED';
  skipReason: string | null;
  batchNo: number;
};

export async function snapshotAudience(
  tx: Tx,
  campaign: { id: string; tenantId: string; body: string; audience: AudienceFilter },
): Promise<SnapshotResult> {
  const parsed = parseTemplate(campaign.body);
  if (!parsed.ok) throw new ValidationError(parsed.error, { field: 'body' });
  const result: SnapshotResult = {
    total: 0,
    sendable: 0,
    skipped: 0,
    credits: 0,
    batches: 0,
    skippedBy: {},
  };
  let afterId: string | undefined;
  for (;;) {
    const page = await listAudiencePage(tx, { filter: campaign.audience, afterId, limit: PAGE });
    if (page.length === 0) break;
    const rows: Row[] = page.map((m) => {
      let skipReason: string | null = m.skipReason;
      const body = skipReason ? null : mergeTemplate(parsed, { name: m.name });
      if (body !== null && (body.length === 0 || body.length > MAX_BODY))
        skipReason = 'MESSAGE_TOO_LONG';
      if (skipReason) {
        result.skipped += 1;
        result.skippedBy[skipReason] = (result.skippedBy[skipReason] ?? 0) + 1;
        return {
          contactId: m.id,
          phone: m.phone,
          body: null,
          segments: 0,
          status: 'SKIPPED',
          skipReason,
          batchNo: 0,
        };
      }
      const segments = countSmsSegments(body!).segments;
      const batchNo = Math.floor(result.sendable / BATCH_SIZE);
      result.sendable += 1;
      result.credits += segments;
      return {
        contactId: m.id,
        phone: m.phone,
        body,
        segments,
        status: 'PENDING',
        skipReason: null,
        batchNo,
      };
    });
    await tx.$executeRaw`
      INSERT INTO campaign_recipients (tenant_id, campaign_id, contact_id, phone, body, segments, cost, status, skip_reason, batch_no)
      SELECT ${campaign.tenantId}::uuid, ${campaign.id}::uuid, r.contact_id, r.phone, r.body, r.segments, r.segments,
             r.status::"CampaignRecipientStatus", r.skip_reason, r.batch_no
        FROM unnest(${rows.map((r) => r.contactId)}::uuid[], ${rows.map((r) => r.phone)}::text[], ${rows.map((r) => r.body)}::text[],
                    ${rows.map((r) => r.segments)}::int[], ${rows.map((r) => r.status)}::text[], ${rows.map((r) => r.skipReason)}::text[],
                    ${rows.map((r) => r.batchNo)}::int[])
             AS r(contact_id, phone, body, segments, status, skip_reason, batch_no)`;
    result.total += page.length;
    afterId = page[page.length - 1]!.id;
    if (page.length < PAGE) break;
  }
  result.batches = Math.ceil(result.sendable / BATCH_SIZE);
  return result;
}
