// A campaign's recipients as one stacked bar (delivered, sent, failed, skipped; what is left
// blank is still pending, in flight included) with the share already handed over as its progress value.
import type { CampaignView } from './types';

type Counts = Pick<
  CampaignView,
  | 'name'
  | 'totalRecipients'
  | 'pendingCount'
  | 'sentCount'
  | 'deliveredCount'
  | 'failedCount'
  | 'skippedCount'
>;

const PARTS = [
  { key: 'deliveredCount', label: 'delivered', color: 'var(--ok)' },
  { key: 'sentCount', label: 'sent', color: 'var(--accent)' },
  { key: 'failedCount', label: 'failed', color: 'var(--bad)' },
  { key: 'skippedCount', label: 'skipped', color: '#aab7c4' },
] as const;

export function CampaignProgress({ campaign }: { campaign: Counts }) {
  const total = campaign.totalRecipients;
  const handled = total - campaign.pendingCount;
  const percent = total > 0 ? Math.floor((handled * 100) / total) : 0;
  return (
    <div>
      <div
        role="progressbar"
        aria-label={`Progress of ${campaign.name}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${handled} of ${total} recipients handled`}
        style={{
          display: 'flex',
          height: 10,
          borderRadius: 5,
          overflow: 'hidden',
          background: '#e5e8eb',
          minWidth: 160,
        }}
      >
        {total > 0 &&
          PARTS.map((p) => {
            const n = campaign[p.key];
            return n > 0 ? (
              <div
                key={p.key}
                title={`${n} ${p.label}`}
                style={{ width: `${(n * 100) / total}%`, background: p.color }}
              />
            ) : null;
          })}
      </div>
      <div className="muted" style={{ fontSize: 12, marginTop: 4 }}>
        {total === 0 ? 'no recipients yet' : `${handled} of ${total} handled (${percent}%)`}
      </div>
    </div>
  );
}
