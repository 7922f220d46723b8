import { SectionIntro } from '../../_components/section-intro';

export default function CampaignsPage() {
  return <SectionIntro title="Campaigns" description="SMS campaigns paid from the credit wallet: audiences, sends, delivery and cost." />;
}
