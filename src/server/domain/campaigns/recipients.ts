// The recipients table of a campaign, for the console: searchable by number or status, with the
// number partly masked (maskPhone's display style: +491••••••4567) and the message text left out.
import { maskPhone } from '@/lib/schemas/phone';
import type { Tx } from '../../db/tx';
import type { CampaignRecipientStatus } from '../../db/generated/enums';

export async function listRecipients(
  tx: Tx,
  input: {
    campaignId: string;
    status?: CampaignRecipientStatus;
    search?: string;
    limit: number;
    cursor?: string;
  },
) {
  const digits = (input.search ?? '').replace(/[^0-9]/g, '');
  const rows = await tx.campaignRecipient.findMany({
    where: {
      campaignId: input.campaignId,
      ...(input.status ? { status: input.status } : {}),
      ...(digits.length >= 3 ? { phone: { contains: digits } } : {}),
    },
    orderBy: { id: 'asc' },
    take: input.limit + 1,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
    select: {
      id: true,
      phone: true,
      status: true,
      skipReason: true,
      segments: true,
      cost: true,
      attempts: true,
      providerMessageId: true,
      providerStatus: true,
      errorCode: true,
      errorMessage: true,
      sentAt: true,
      finalAt: true,
    },
  });
  const items = rows
    .slice(0, input.limit)
    .map(({ phone, ...r }) => ({ ...r, phone: maskPhone(phone, { style: 'display' }) }));
  return { items, nextCursor: rows.length > input.limit ? items[items.length - 1]!.id : null };
}
