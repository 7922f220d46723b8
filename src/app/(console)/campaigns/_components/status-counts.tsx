// Recipients per status and the campaign's credits, as compact figures.
import type { CampaignView } from './types';
import { credits } from './format';

const COUNTS = [
  ['pending', 'pendingCount'],
  ['sent', 'sentCount'],
  ['delivered', 'deliveredCount'],
  ['failed', 'failedCount'],
  ['skipped', 'skippedCount'],
] as const;

type Props = {
  campaign: Pick<CampaignView, (typeof COUNTS)[number][1] | 'creditsReserved' | 'creditsSpent'>;
};

function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div style={{ minWidth: 64 }}>
      <div className="muted" style={{ fontSize: 12 }}>
        {label}
      </div>
      <div data-testid={testId} style={{ fontWeight: 600 }}>
        {value}
      </div>
    </div>
  );
}

export function StatusCounts({ campaign }: Props) {
  return (
    <div style={{ display: 'flex', gap: 14, flexWrap: 'wrap', fontSize: 14 }}>
      {COUNTS.map(([label, key]) => (
        <Figure key={key} label={label} value={String(campaign[key])} testId={`count-${label}`} />
      ))}
      <Figure
        label="credits reserved"
        value={credits(campaign.creditsReserved)}
        testId="credits-reserved"
      />
      <Figure label="credits spent" value={credits(campaign.creditsSpent)} testId="credits-spent" />
    </div>
  );
}
