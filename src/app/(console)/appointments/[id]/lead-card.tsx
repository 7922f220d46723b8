// The lead an appointment is for: who, how to reach them, how far they got, and whether they
// agreed to the visit being recorded (a recording cannot start without it).
import Link from 'next/link';
import type { AppointmentDetailView } from '../_components/detail-types';
import { LeadStatusLine } from '../../leads/_components/lead-status-line';

export function LeadCard({ lead }: { lead: AppointmentDetailView['lead'] }) {
  return (
    <section className="card" aria-label="Lead">
      <h2 style={{ fontSize: 16, marginTop: 0 }}>
        Lead: <Link href={`/leads/${lead.id}`}>{lead.contact.name ?? lead.contact.phone}</Link>
      </h2>
      <p>
        {lead.contact.phone}
        {lead.contact.email ? ` · ${lead.contact.email}` : ''}
      </p>
      <LeadStatusLine lead={lead} />
      <p style={{ marginBottom: 0 }}>
        <span className="muted">Recording consent:</span>{' '}
        <span data-testid="lead-recording-consent">
          {lead.recordingConsent === 'GRANTED'
            ? 'granted'
            : lead.recordingConsent === 'WITHDRAWN'
              ? 'withdrawn — visits are not recorded'
              : 'not asked yet — visits are not recorded'}
        </span>
      </p>
    </section>
  );
}
