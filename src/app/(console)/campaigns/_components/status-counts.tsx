// Recipients per status and the campaign's credits, as compact figures.
import { SummaryCard, SummaryCards } from '@/app/_components/summary-cards';
import { formatInteger } from '@/app/_components/format';
import type { CampaignView } from './types';

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

export function StatusCounts({ campaign }: Props) {
  return (
    <SummaryCards isCompact>
      {COUNTS.map(([label, key]) => (
        <SummaryCard
          key={key}
          label={label}
          value={formatInteger(campaign[key])}
          testId={`count-${label}`}
        />
      ))}
      <SummaryCard
        label="credits reserved"
        value={formatInteger(campaign.creditsReserved)}
        testId="credits-reserved"
      />
      <SummaryCard
        label="credits spent"
        value={formatInteger(campaign.creditsSpent)}
        testId="credits-spent"
      />
    </SummaryCards>
  );
}
