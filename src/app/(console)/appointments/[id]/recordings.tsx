// The recorded visits of an appointment: each session's state, its audio (size, type, length,
// checksum), and its analysis — the job at the provider and, once in, the result: summary,
// sentiment, objections, next steps and the outcome it suggests for the lead.
import { DataTable } from '@/app/_components/data-table';
import { formatDateTime, formatInteger, formatStatus } from '@/app/_components/format';
import { StatusBadge } from '../_components/status-badge';
import type { RecordingView } from '../_components/detail-types';

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

function audioOf(r: RecordingView): string {
  if (!r.audio) return r.endedReason ?? '—';
  const kb = Math.max(1, Math.round(r.audio.sizeBytes / 1024));
  const seconds =
    r.audio.durationMs === null
      ? ''
      : `, ${formatInteger(Math.round(r.audio.durationMs / 1000))} s`;
  return `${r.audio.contentType}, ${formatInteger(kb)} KB${seconds}`;
}

export function Recordings({ recordings }: { recordings: RecordingView[] }) {
  const analysed = recordings.filter((r) => r.analysisResult !== null);
  return (
    <section className="card" aria-label="Recordings">
      <h2 style={{ fontSize: 16, marginTop: 0 }}>Recorded visits</h2>
      <DataTable
        label="Recording sessions"
        testId="recordings"
        rows={recordings}
        rowKey={(r) => r.id}
        rowProps={(r) => ({ 'data-status': r.status, 'data-testid': 'recording-row' })}
        empty="No recording yet: the rep starts one from the field app during the visit."
        columns={[
          {
            header: 'Status',
            cell: (r) => <StatusBadge status={r.status} testId="recording-status" />,
          },
          { header: 'Started', cell: (r) => formatDateTime(r.startedAt) },
          { header: 'Stopped', cell: (r) => formatDateTime(r.stoppedAt) },
          { header: 'Audio', cell: audioOf },
          {
            header: 'Checksum',
            cell: (r) =>
              r.audio ? (
                <code className="truncate" title={r.audio.sha256} style={{ maxWidth: '8rem' }}>
                  {r.audio.sha256}
                </code>
              ) : (
                '—'
              ),
          },
          {
            header: 'Analysis',
            cell: (r) =>
              r.analysisJob ? (
                <span data-testid="analysis-job-status" data-status={r.analysisJob.status}>
                  {formatStatus(r.analysisJob.status)}
                  {r.analysisJob.attempts > 1 ? ` (${r.analysisJob.attempts} attempts)` : ''}
                  {r.analysisJob.lastError && (
                    <span className="error"> — {r.analysisJob.lastError}</span>
                  )}
                </span>
              ) : r.audio ? (
                'waiting to be submitted'
              ) : (
                '—'
              ),
          },
        ]}
      />
      {analysed.map((r) => (
        <AnalysisResult key={r.id} recording={r} />
      ))}
    </section>
  );
}

function AnalysisResult({ recording }: { recording: RecordingView }) {
  const result = recording.analysisResult!;
  const objections = strings(result.objections);
  const nextSteps = strings(result.nextSteps);
  return (
    <article
      aria-label="Analysis result"
      data-testid="analysis-result"
      style={{ marginTop: 16, paddingTop: 12, borderTop: '1px solid var(--line)' }}
    >
      <h3 style={{ fontSize: 15, margin: '0 0 8px' }}>
        Analysis of the visit recorded {formatDateTime(recording.startedAt)}
      </h3>
      <p data-testid="analysis-summary">{result.summary}</p>
      <dl style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '4px 12px' }}>
        <dt className="muted">Suggested outcome</dt>
        <dd style={{ margin: 0 }} data-testid="analysis-outcome">
          {result.suggestedOutcome ? formatStatus(result.suggestedOutcome) : 'none'}
        </dd>
        <dt className="muted">Sentiment</dt>
        <dd style={{ margin: 0 }}>{result.sentiment ?? '—'}</dd>
        <dt className="muted">Objections</dt>
        <dd style={{ margin: 0 }}>{objections.length > 0 ? objections.join('; ') : 'none'}</dd>
        <dt className="muted">Next steps</dt>
        <dd style={{ margin: 0 }}>{nextSteps.length > 0 ? nextSteps.join('; ') : 'none'}</dd>
        <dt className="muted">Result time</dt>
        <dd style={{ margin: 0 }}>{formatDateTime(result.resultAt)}</dd>
      </dl>
      <details>
        <summary className="muted" style={{ cursor: 'pointer', fontSize: 13 }}>
          The provider’s result as received
        </summary>
        <pre style={{ fontSize: 12, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {JSON.stringify(result.raw, null, 2)}
        </pre>
      </details>
    </article>
  );
}
