// An appointment's, a recording's or a lead's status in words, toned by whether it is settled.
import { formatStatus } from '@/app/_components/format';

const GOOD = new Set(['COMPLETED', 'ANALYSED', 'WON', 'ASSIGNED']);
const BAD = new Set(['CANCELLED', 'NO_SHOW', 'FAILED', 'ABANDONED', 'LOST']);

export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  const tone = GOOD.has(status) ? 'status-ok' : BAD.has(status) ? 'status-bad' : undefined;
  return (
    <span
      className={tone}
      data-testid={testId}
      data-status={status}
      style={tone ? undefined : { fontWeight: 600 }}
    >
      {formatStatus(status)}
    </span>
  );
}
