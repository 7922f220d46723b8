import { SectionIntro } from '../../_components/section-intro';

export default function CallsPage() {
  return (
    <SectionIntro
      title="Calls"
      description="Inbound and outbound calls with their recordings and analysis."
    />
  );
}
