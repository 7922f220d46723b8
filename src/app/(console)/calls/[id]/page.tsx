// One call: its transcript (what the caller said, the answer, its sources and latency), the
// status timeline in SequenceNumber order, and the recording if the caller left one.
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { TRPCError } from '@trpc/server';
import { formatDateTime } from '@/app/_components/format';
import { maskPhone } from '@/lib/schemas/phone-mask';
import { callsCaller } from '../load';
import { outcomeText, sourcesOf, turnResultText } from '../call-words';

export const dynamic = 'force-dynamic';

const percent = (value: number) => `${Math.round(value * 100)} %`;

export default async function CallPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  let call;
  try {
    call = await (await callsCaller()).calls.get({ id });
  } catch (error) {
    if (error instanceof TRPCError && error.code === 'NOT_FOUND') notFound();
    if (error instanceof TRPCError && (error.code === 'FORBIDDEN' || error.code === 'UNAUTHORIZED'))
      return <p role="alert">{error.message}</p>;
    throw error;
  }
  const caller = call.fromPhone
    ? maskPhone(call.fromPhone, { style: 'display' })
    : 'unknown caller';
  return (
    <section>
      <p>
        <Link href="/calls">← Calls</Link>
      </p>
      <h1>Call from {caller}</h1>
      <dl className="facts card">
        <dt>Line</dt>
        <dd>{call.line?.label ?? '—'}</dd>
        <dt>Status</dt>
        <dd data-testid="call-status">{call.status}</dd>
        <dt>Outcome</dt>
        <dd data-testid="call-outcome">{outcomeText(call.outcome)}</dd>
        <dt>Started</dt>
        <dd>{formatDateTime(call.createdAt)}</dd>
        <dt>Answered</dt>
        <dd>{formatDateTime(call.answeredAt)}</dd>
        <dt>Ended</dt>
        <dd>{formatDateTime(call.endedAt)}</dd>
        <dt>Duration</dt>
        <dd>{call.durationSeconds === null ? '—' : `${call.durationSeconds} s`}</dd>
      </dl>
      <h2>Transcript</h2>
      {call.turns.length === 0 ? (
        <p className="muted">The caller said nothing to the assistant.</p>
      ) : (
        <ol className="conversation" data-testid="call-transcript">
          {call.turns.map((t) => {
            const sources = sourcesOf(t.sources);
            return (
              <li key={t.turn} className="turn" data-turn={t.turn} data-status={t.status}>
                <p className="say say-caller">
                  <strong>Caller:</strong>{' '}
                  {t.callerText || (t.digits ? `(keys ${t.digits})` : '(said nothing)')}
                  {t.confidence === null ? null : (
                    <span className="muted"> · heard with {percent(t.confidence)} confidence</span>
                  )}
                </p>
                <div className="say say-assistant">
                  <p>
                    <strong>Assistant:</strong> {t.answerText ?? '—'}
                  </p>
                  <p className="muted hint">
                    {turnResultText(t.status)}
                    {t.answerer
                      ? ` · ${t.answerer === 'openai' ? 'language model' : 'built-in'}`
                      : ''}
                    {t.fellBack ? ' (after the language model failed)' : ''}
                    {t.latencyMs === null ? '' : ` · ${t.latencyMs} ms`}
                    {t.held ? ' · the caller heard a holding phrase first' : ''}
                  </p>
                  {sources.length > 0 && (
                    <p className="hint" data-testid="turn-sources">
                      Sources:{' '}
                      {sources.map((s, index) => (
                        <span key={`${s.articleId ?? s.title}-${index}`}>
                          {index > 0 ? ', ' : ''}
                          {s.articleId ? (
                            <Link href={`/knowledge?article=${s.articleId}`}>{s.title}</Link>
                          ) : (
                            s.title
                          )}
                          {s.score === null ? '' : ` (${s.score.toFixed(2)})`}
                        </span>
                      ))}
                    </p>
                  )}
                </div>
              </li>
            );
          })}
        </ol>
      )}
      <h2>Status timeline</h2>
      {call.statusEvents.length === 0 ? (
        <p className="muted">No status callback has arrived yet.</p>
      ) : (
        <ol className="timeline" data-testid="call-timeline">
          {call.statusEvents.map((e) => (
            <li key={e.sequenceNumber}>
              <strong>{e.status}</strong> · {formatDateTime(e.occurredAt)}
              <span className="muted">
                {' '}
                · #{e.sequenceNumber}
                {e.source === 'reconciler' ? ' · from the Calls API' : ''}
              </span>
            </li>
          ))}
        </ol>
      )}
      {call.recordingUrl ? (
        <>
          <h2>Recording</h2>
          <audio controls src={call.recordingUrl} className="recording" />
          <p>
            <a href={call.recordingUrl} data-testid="recording-link">
              The caller&apos;s message
            </a>{' '}
            <span className="muted">({call.recordingSeconds ?? 0} s)</span>
          </p>
        </>
      ) : null}
    </section>
  );
}
