// The campaign's events in order, each with what it recorded (counts, credits, repairs).
import type { CampaignEventView } from '../_components/types';
import { formatDateTime } from '@/app/_components/format';

const WORDS: Record<string, string> = {
  created: 'Created',
  updated: 'Draft edited',
  scheduled: 'Scheduled',
  launched: 'Launched',
  launch_failed: 'Launch failed',
  sending_finished: 'Sending finished',
  completed: 'Completed',
  cancelled: 'Cancelled',
  reconciled: 'Reconciled',
  duplicate_send_detected: 'Duplicate send detected',
};

const wordsOf = (key: string) =>
  key
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();

/** `{ recipients: 5, skipped: { NO_CONSENT: 1 } }` → "recipients 5 · skipped: no consent 1". */
function describe(detail: unknown): string {
  if (detail === null || detail === undefined) return '';
  if (typeof detail !== 'object')
    return typeof detail === 'string' ? detail : JSON.stringify(detail);
  if (Array.isArray(detail)) return detail.map(describe).join(', ');
  return Object.entries(detail as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) =>
      typeof v === 'object'
        ? `${wordsOf(k)}: ${describe(v) || 'none'}`
        : `${wordsOf(k)} ${describe(v)}`,
    )
    .join(' · ');
}

export function CampaignTimeline({ events }: { events: CampaignEventView[] }) {
  return (
    <section className="card" aria-label="Timeline">
      <h2 style={{ fontSize: 16, marginTop: 0 }}>Timeline</h2>
      <ol style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="campaign-timeline">
        {events.map((e) => (
          <li
            key={e.id}
            data-kind={e.kind}
            style={{ padding: '6px 0', borderBottom: '1px solid var(--line)', fontSize: 14 }}
          >
            <span className="muted" style={{ display: 'inline-block', minWidth: 210 }}>
              {formatDateTime(e.createdAt)}
            </span>
            <strong>{WORDS[e.kind] ?? wordsOf(e.kind)}</strong>
            {describe(e.detail) && <span className="muted"> — {describe(e.detail)}</span>}
            {e.actorId === null && e.kind !== 'created' && <span className="muted"> (system)</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}
