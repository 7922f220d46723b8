import type { CampaignStatus } from './types';
import { lower } from './format';

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
      {lower(status)}
    </span>
  );
}
