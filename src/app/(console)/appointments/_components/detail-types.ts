// appointments.get's answer, as the detail page reads it (times are ISO strings on the wire).
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/trpc/root';

type Outputs = inferRouterOutputs<AppRouter>;
export type AppointmentDetailView = Outputs['appointments']['get'];
export type RecordingView = AppointmentDetailView['recordings'][number];
export type AssignmentView = AppointmentDetailView['assignments'][number];
export type TimelineView = AppointmentDetailView['timeline'][number];
export type PersonView = { id: string; name: string | null; email: string } | null;

/** A person by name, else e-mail; "the system" when nobody did it. */
export const personName = (p: PersonView, nobody = 'the system') =>
  p ? p.name || p.email || 'a former member' : nobody;

const SETTLED_RECORDINGS = new Set(['ANALYSED', 'FAILED', 'ABANDONED']);
const SETTLED_JOBS = new Set(['COMPLETED', 'FAILED']);

/** Something on the page is still moving: a visit under way, an upload, an analysis. */
export function isDetailLive(detail: AppointmentDetailView | undefined): boolean {
  if (!detail) return false;
  if (detail.appointment.status === 'IN_PROGRESS') return true;
  return detail.recordings.some(
    (r) =>
      !SETTLED_RECORDINGS.has(r.status) ||
      (r.analysisJob !== null && !SETTLED_JOBS.has(r.analysisJob.status)),
  );
}
