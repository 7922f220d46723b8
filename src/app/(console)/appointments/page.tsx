import { SectionIntro } from '../../_components/section-intro';

export default function AppointmentsPage() {
  return (
    <SectionIntro
      title="Appointments"
      description="Field-sales appointments, their reps and their recorded visits."
    />
  );
}
