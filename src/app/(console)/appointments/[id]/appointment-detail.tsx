'use client';
// One appointment: when and where, who holds it (assign, reassign, unassign, cancel), the lead,
// who held it before, the recorded visits with their analysis, and what happened when. Polls
// every 2 s while a visit, an upload or an analysis is under way, and stops when all is settled.
import { api } from '@/lib/trpc/react';
import { errorSentence } from '@/lib/trpc/errors';
import { DataTable } from '@/app/_components/data-table';
import { formatDateTime, formatStatus } from '@/app/_components/format';
import { AssignPanel } from '../_components/assign-panel';
import { StatusBadge } from '../_components/status-badge';
import { formatDaySlot } from '../_components/time-range';
import { isDetailLive, personName, type AssignmentView } from '../_components/detail-types';
import { AppointmentActions } from './appointment-actions';
import { LeadCard } from './lead-card';
import { Recordings } from './recordings';
import { Timeline } from './timeline';

const POLL_MS = 2_000;
const OPEN = new Set(['SCHEDULED', 'ASSIGNED']);

export function AppointmentDetail({ id }: { id: string }) {
  const utils = api.useUtils();
  const detail = api.appointments.get.useQuery(
    { appointmentId: id },
    {
      refetchInterval: (query) => (isDetailLive(query.state.data) ? POLL_MS : false),
    },
  );
  if (detail.error) return <p className="error">{errorSentence(detail.error)}</p>;
  if (!detail.data) return <p className="muted">Loading…</p>;
  const d = detail.data;
  const a = d.appointment;
  const refresh = () => utils.appointments.invalidate();
  return (
    <>
      <h1>
        {a.lead.name ?? 'Unnamed lead'} · {formatDaySlot(a.startsAt, a.endsAt)}
      </h1>
      <section className="card" aria-label="Appointment">
        <p style={{ marginTop: 0 }}>
          <StatusBadge status={a.status} testId="appointment-status" />{' '}
          <span className="muted">
            {a.rep ? (
              <>
                held by <strong data-testid="appointment-rep">{personName(a.rep)}</strong>
              </>
            ) : (
              'not assigned to a rep'
            )}
          </span>
        </p>
        <p>
          <span className="muted">Address:</span> {a.address}
        </p>
        {a.notes && <p style={{ whiteSpace: 'pre-wrap' }}>{a.notes}</p>}
        <p className="muted" style={{ marginBottom: 0, fontSize: 13 }}>
          Booked {formatDateTime(a.createdAt)}
        </p>
      </section>
      {OPEN.has(a.status) && (
        <section className="card" aria-label="Rep">
          <h2 style={{ fontSize: 16, marginTop: 0 }}>Rep</h2>
          <AssignPanel appointmentId={a.id} currentRepId={a.rep?.id ?? null} onSaved={refresh} />
          <AppointmentActions appointmentId={a.id} hasRep={a.rep !== null} onDone={refresh} />
        </section>
      )}
      <LeadCard lead={d.lead} />
      <AssignmentHistory rows={d.assignments} />
      <Recordings recordings={d.recordings} />
      <Timeline entries={d.timeline} />
    </>
  );
}

const END_REASON: Record<string, string> = {
  REASSIGNED: 'reassigned',
  UNASSIGNED: 'unassigned',
  CANCELLED: 'appointment cancelled',
};

function AssignmentHistory({ rows }: { rows: AssignmentView[] }) {
  return (
    <section className="card" aria-label="Assignment history">
      <h2 style={{ fontSize: 16, marginTop: 0 }}>Assignment history</h2>
      <DataTable
        label="Assignment history"
        testId="assignment-history"
        rows={rows}
        rowKey={(r) => r.id}
        rowProps={(r) => ({ 'data-active': r.active })}
        empty="Never assigned."
        columns={[
          { header: 'Rep', cell: (r) => personName(r.rep) },
          {
            header: 'Assigned',
            cell: (r) => `${formatDateTime(r.createdAt)} by ${personName(r.assignedBy)}`,
          },
          {
            header: 'Until',
            cell: (r) =>
              r.active ? (
                <strong>now</strong>
              ) : (
                `${formatDateTime(r.endedAt)}: ${r.endReason ? (END_REASON[r.endReason] ?? formatStatus(r.endReason)) : 'ended'} by ${personName(r.endedBy)}`
              ),
          },
        ]}
      />
    </section>
  );
}
