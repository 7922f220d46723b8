import { SectionIntro } from '../../_components/section-intro';

export default function PrivacyPage() {
  return (
    <SectionIntro
      title="Privacy"
      description="Consent evidence and data-subject requests (access, export, erasure) with their due dates."
    />
  );
}
