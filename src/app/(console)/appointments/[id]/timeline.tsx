// What happened to the appointment, its lead, its recordings and their analysis, oldest first:
// people's actions from the audit trail, the upload and the provider's work from their times.
import { formatDateTime, formatStatus } from '@/app/_components/format';
import { personName, type TimelineView } from '../_components/detail-types';

const WORDS: Record<string, string> = {
  'appointment.created': 'Booked',
  'appointment.assigned': 'Assigned',
  'appointment.reassigned': 'Reassigned',
  'appointment.unassigned': 'Unassigned',
  'appointment.cancelled': 'Cancelled',
  'lead.created': 'Lead added',
  'lead.updated': 'Lead edited',
  'lead.status_set': 'Lead status set',
  'lead.recording_consent_changed': 'Recording consent changed',
  'recording.started': 'Recording started',
  'recording.stopped': 'Recording stopped',
  'recording.uploaded': 'Audio uploaded',
  'analysis.submitted': 'Sent for analysis',
  'analysis.completed': 'Analysis arrived',
  'analysis.failed': 'Analysis failed',
};

const wordsOf = (event: string) =>
  WORDS[event] ?? event.replace(/[._]/g, ' ').replace(/^\w/, (c) => c.toUpperCase());

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** A detail value in words: times as the console writes them, statuses lower-case. */
function valueOf(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string' && ISO_TIME.test(value)) return formatDateTime(value);
  if (typeof value === 'string' && /^[A-Z_]+$/.test(value)) return formatStatus(value);
  return String(value);
}

/** Plain values only (no ids, no nested objects dumped as JSON). */
function describe(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .filter(([k, v]) => v !== null && v !== undefined && typeof v !== 'object' && !/Id$/.test(k))
    .map(([k, v]) => `${k.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()} ${valueOf(v)}`)
    .join(' · ');
}

/** Events the detail procedure adds from status times, each at most once per recording. */
const ONCE_PER_RECORDING = new Set([
  'recording.uploaded',
  'analysis.submitted',
  'analysis.completed',
  'analysis.failed',
]);

/**
 * The detail procedure adds entries for what no person did (the upload, the provider's work) from
 * status times; where the audit trail holds the same event for the same recording, one is kept:
 * the one with an actor, else the one that says more.
 */
function withoutEchoes(entries: TimelineView[]): TimelineView[] {
  const best = new Map<string, TimelineView>();
  const weight = (e: TimelineView) => (e.actor ? 1000 : 0) + Object.keys(e.detail).length;
  for (const e of entries) {
    if (!ONCE_PER_RECORDING.has(e.event)) continue;
    const key = `${e.event}|${e.subject}`;
    const kept = best.get(key);
    if (!kept || weight(e) > weight(kept)) best.set(key, e);
  }
  return entries.filter(
    (e) => !ONCE_PER_RECORDING.has(e.event) || best.get(`${e.event}|${e.subject}`) === e,
  );
}

export function Timeline({ entries: all }: { entries: TimelineView[] }) {
  const entries = withoutEchoes(all);
  return (
    <section className="card" aria-label="Timeline">
      <h2 style={{ fontSize: 16, marginTop: 0 }}>Timeline</h2>
      <ol style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="appointment-timeline">
        {entries.map((e, i) => (
          <li
            key={`${e.event}:${String(e.at)}:${i}`}
            data-event={e.event}
            style={{
              padding: '6px 0',
              borderBottom: '1px solid var(--line)',
              fontSize: 14,
              overflowWrap: 'anywhere',
            }}
          >
            <span className="muted" style={{ display: 'inline-block', minWidth: 190 }}>
              {formatDateTime(e.at)}
            </span>
            <strong>{wordsOf(e.event)}</strong>{' '}
            <span className="muted">by {personName(e.actor)}</span>
            {describe(e.detail) && <span className="muted"> — {describe(e.detail)}</span>}
          </li>
        ))}
        {entries.length === 0 && <li className="muted">Nothing yet.</li>}
      </ol>
    </section>
  );
}
