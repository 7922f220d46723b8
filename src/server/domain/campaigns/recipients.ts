// The recipients table of a campaign, for the console: searchable by number or status, with the
// number partly masked (+49 151 •••• 4567) and the message text left out.
import type { Tx } from '../../db/tx';
import type { CampaignRecipientStatus } from '../../db/generated/enums';

/** Country code and the last 4 digits stay; the middle is masked. */
export function maskPhone(e164: string): string {
  if (e164.length <= 7) return e164.slice(0, 3) + '•'.repeat(Math.max(0, e164.length - 3));
  return `${e164.slice(0, 4)}${'•'.repeat(e164.length - 8)}${e164.slice(-4)}`;
}

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
    .map(({ phone, ...r }) => ({ ...r, phone: maskPhone(phone) }));
  return { items, nextCursor: rows.length > input.limit ? items[items.length - 1]!.id : null };
}
