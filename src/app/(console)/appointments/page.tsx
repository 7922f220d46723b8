// Appointments: the reps' day or week with the unassigned queue beside it.
import Link from 'next/link';
import { Suspense } from 'react';
import { AppointmentBoard } from './board';

export default function AppointmentsPage() {
  return (
    <>
      <h1>Appointments</h1>
      <div className="card">
        <p className="muted" style={{ marginTop: 0 }}>
          Visits to leads, each held by one field rep at a time. A rep is never booked for two
          visits that overlap; back-to-back visits are fine.
        </p>
        <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap', alignItems: 'center' }}>
          <Link href="/appointments/new" className="button">
            New appointment
          </Link>
          <Link href="/leads">Leads</Link>
        </div>
      </div>
      {/* The board reads the day and view from the URL. */}
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <AppointmentBoard />
      </Suspense>
    </>
  );
}
