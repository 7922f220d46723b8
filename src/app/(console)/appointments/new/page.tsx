import { Suspense } from 'react';
import { Crumbs } from '../_components/crumbs';
import { AppointmentForm } from './appointment-form';

export default function NewAppointmentPage() {
  return (
    <>
      <Crumbs section="appointments">New</Crumbs>
      <h1>New appointment</h1>
      {/* The form reads a preset lead from the URL (?lead=…). */}
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <AppointmentForm />
      </Suspense>
    </>
  );
}
