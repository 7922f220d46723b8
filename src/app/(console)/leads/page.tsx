// Leads: the people field sales visit, newest first, with their status (and who set it, when)
// and where they came from; new leads are taken here.
import Link from 'next/link';
import { LeadForm } from './_components/lead-form';
import { LeadList } from './lead-list';

export default function LeadsPage() {
  return (
    <>
      <h1>Leads</h1>
      <div className="card">
        <p className="muted" style={{ marginTop: 0 }}>
          Each lead moves from new to contacted, appointment set, and won or lost: set by a person,
          by booking an appointment, or by the analysis of a recorded visit (which never overrides a
          person). Book visits on <Link href="/appointments">Appointments</Link>.
        </p>
        <details>
          <summary style={{ cursor: 'pointer', fontWeight: 600 }}>New lead</summary>
          <div style={{ marginTop: 12 }}>
            <LeadForm />
          </div>
        </details>
      </div>
      <LeadList />
    </>
  );
}
