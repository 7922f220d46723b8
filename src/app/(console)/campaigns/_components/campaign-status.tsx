import type { CampaignStatus } from './types';
import { formatStatus } from '@/app/_components/format';

const TONE: Record<CampaignStatus, string | undefined> = {
  DRAFT: 'muted',
  SCHEDULED: undefined,
  SENDING: undefined,
  COMPLETED: 'status-ok',
  CANCELLED: 'muted',
  FAILED: 'status-bad',
};

export function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  return (
    <span
      className={TONE[status]}
      data-testid="campaign-status"
      data-status={status}
      style={{ fontWeight: 600 }}
    >
      {formatStatus(status)}
    </span>
  );
}
