// One call: its transcript (what the caller said, the answer, its sources and latency), the
// status timeline in SequenceNumber order, and the recording if the caller left one.
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { TRPCError } from '@trpc/server';
import { formatDateTime } from '@/app/_components/format';
import { maskPhone } from '@/lib/schemas/phone-mask';
import { callsCaller } from '../load';

export const dynamic = 'force-dynamic';

type Source = { title?: unknown; score?: unknown };
const sourcesOf = (value: unknown): Source[] => (Array.isArray(value) ? (value as Source[]) : []);

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
  return (
    <section>
      <p>
        <Link href="/calls">← Calls</Link>
      </p>
      <h1>Call {call.fromPhone ? maskPhone(call.fromPhone, { style: 'display' }) : ''}</h1>
      <dl>
        <dt>Line</dt>
        <dd>{call.line?.label ?? '—'}</dd>
        <dt>Status</dt>
        <dd data-testid="call-status">{call.status}</dd>
        <dt>Outcome</dt>
        <dd>{call.outcome ?? 'in progress'}</dd>
        <dt>Answered</dt>
        <dd>{formatDateTime(call.answeredAt)}</dd>
        <dt>Ended</dt>
        <dd>{formatDateTime(call.endedAt)}</dd>
        <dt>Duration</dt>
        <dd>{call.durationSeconds === null ? '—' : `${call.durationSeconds} s`}</dd>
      </dl>
      <h2>Transcript</h2>
      {call.turns.length === 0 ? <p>Nothing was said yet.</p> : null}
      <ol data-testid="call-transcript">
        {call.turns.map((t) => (
          <li key={t.turn}>
            <p>
              <strong>Caller:</strong> {t.callerText || (t.digits ? `keyed ${t.digits}` : '—')}
            </p>
            <p>
              <strong>Assistant ({t.status}):</strong> {t.answerText ?? '—'}
              {t.latencyMs === null ? null : ` · ${t.latencyMs} ms`}
              {t.answerer ? ` · ${t.answerer}${t.fellBack ? ' (fallback)' : ''}` : null}
            </p>
            {sourcesOf(t.sources).length > 0 ? (
              <p>
                Sources:{' '}
                {sourcesOf(t.sources)
                  .map((s) => `${String(s.title)} (${Number(s.score).toFixed(2)})`)
                  .join(', ')}
              </p>
            ) : null}
          </li>
        ))}
      </ol>
      <h2>Status timeline</h2>
      <ol data-testid="call-timeline">
        {call.statusEvents.map((e) => (
          <li key={e.sequenceNumber}>
            #{e.sequenceNumber} {e.status} · {formatDateTime(e.occurredAt)}
            {e.source === 'reconciler' ? ' · from the Calls API' : ''}
          </li>
        ))}
      </ol>
      {call.recordingUrl ? (
        <>
          <h2>Recording</h2>
          <audio controls src={call.recordingUrl} />
          <p>{call.recordingSeconds ?? 0} s</p>
        </>
      ) : null}
    </section>
  );
}
