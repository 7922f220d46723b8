'use client';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '@/lib/trpc/react';
import { describeError, errorSentence } from '@/lib/trpc/errors';
import { FieldError } from '@/app/_components/field-error';
import { DataTable } from '@/app/_components/data-table';
import { formatDateTime, formatInteger, formatStatus } from '@/app/_components/format';

const PROVIDERS = ['twilio', 'stripe', 'shopify', 'whatsapp', 'chatwoot', 'analysis'] as const;
const STATUSES = ['RECEIVED', 'PROCESSED', 'FAILED', 'REJECTED'] as const;
type Provider = (typeof PROVIDERS)[number];
type Status = (typeof STATUSES)[number];
type Filter = { provider?: Provider; status?: Status; from?: Date; to?: Date };

const pick = <T extends string>(
  values: readonly T[],
  raw: FormDataEntryValue | null,
): T | undefined => values.find((v) => v === raw);
const dayStart = (raw: FormDataEntryValue | null) =>
  typeof raw === 'string' && raw ? new Date(`${raw}T00:00:00Z`) : undefined;
const nextDay = (raw: FormDataEntryValue | null) => {
  const d = dayStart(raw);
  return d ? new Date(d.getTime() + 86_400_000) : undefined;
};

export function WebhookArchive() {
  const [filter, setFilter] = useState<Filter>({});
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [openId, setOpenId] = useState<string | null>(null);
  const events = api.webhooks.listEvents.useQuery({ ...filter, cursor, limit: 50 });

  // The server's own words for a From after To name its fields in quotes; say it as a sentence.
  const failure = describeError(events.error);
  const toError = failure.fields.to ? 'To must be after From.' : undefined;
  const fromError = failure.fields.from;

  function onSearch(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setCursor(undefined);
    setOpenId(null);
    setFilter({
      provider: pick(PROVIDERS, data.get('provider')),
      status: pick(STATUSES, data.get('status')),
      from: dayStart(data.get('from')),
      to: nextDay(data.get('to')),
    });
  }

  return (
    <>
      <div className="card">
        <form
          onSubmit={onSearch}
          data-testid="webhook-filters"
          style={{ display: 'flex', gap: 12, alignItems: 'flex-end', flexWrap: 'wrap' }}
        >
          <label>
            Provider
            <select name="provider" defaultValue="">
              <option value="">all</option>
              {PROVIDERS.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </label>
          <label>
            Status
            <select name="status" defaultValue="">
              <option value="">all</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {formatStatus(s)}
                </option>
              ))}
            </select>
          </label>
          <label>
            From (UTC)
            <input type="date" name="from" />
            <FieldError message={fromError} />
          </label>
          <label>
            To (UTC)
            <input type="date" name="to" />
            <FieldError message={toError} />
          </label>
          <button type="submit">Search</button>
        </form>
      </div>
      {events.error && !toError && !fromError && (
        <p className="error">{errorSentence(events.error)}</p>
      )}
      <DataTable
        label="Webhook events"
        testId="webhook-events"
        rows={events.data?.items}
        rowKey={(e) => e.id}
        rowProps={(e) => ({
          onClick: () => setOpenId(e.id),
          style: { cursor: 'pointer' },
          'aria-selected': openId === e.id,
        })}
        empty="No webhook events match."
        columns={[
          { header: 'Received', cell: (e) => formatDateTime(e.receivedAt) },
          { header: 'Provider', cell: (e) => e.provider },
          { header: 'Type', cell: (e) => e.eventType ?? '—' },
          { header: 'Event id', cell: (e) => <code>{e.eventId ?? '—'}</code> },
          {
            header: 'Status',
            cell: (e) =>
              formatStatus(e.status) + (e.rejectReason ? ` (${e.rejectReason.slice(0, 60)})` : ''),
          },
          { header: 'Attempts', isNumeric: true, cell: (e) => formatInteger(e.attempts) },
        ]}
      />
      <p>
        {cursor && (
          <button className="secondary" onClick={() => setCursor(undefined)}>
            First page
          </button>
        )}{' '}
        {events.data?.nextCursor && (
          <button
            className="secondary"
            onClick={() => setCursor(events.data?.nextCursor ?? undefined)}
          >
            Next page
          </button>
        )}
      </p>
      {openId && <WebhookEventPanel id={openId} onClose={() => setOpenId(null)} />}
    </>
  );
}

/** The detail opens below a table of up to 50 rows: brought into view, or it opens off screen. */
function WebhookEventPanel({ id, onClose }: { id: string; onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'start' });
  }, [id]);
  return (
    <div ref={ref} style={{ scrollMarginTop: 12 }}>
      <WebhookEventDetail id={id} onClose={onClose} />
    </div>
  );
}

function WebhookEventDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const utils = api.useUtils();
  const event = api.webhooks.getEvent.useQuery({ id });
  const replay = api.webhooks.replayEvent.useMutation({
    onSuccess: async () => {
      await Promise.all([
        utils.webhooks.getEvent.invalidate({ id }),
        utils.webhooks.listEvents.invalidate(),
      ]);
    },
  });
  if (event.error) return <p className="error">{errorSentence(event.error)}</p>;
  if (!event.data) return <p className="muted">Loading…</p>;
  const e = event.data;
  return (
    <div className="card" data-testid="webhook-event-detail">
      <h2>
        {e.provider} · {e.eventType ?? 'unparsed'}{' '}
        <button className="secondary" onClick={onClose}>
          Close
        </button>
      </h2>
      <p>
        Event id <code>{e.eventId ?? '—'}</code> · connection {e.connection.label} · status{' '}
        {formatStatus(e.status)} · attempts {e.attempts}
        {e.processedAt ? ` · processed ${formatDateTime(e.processedAt)}` : ''}
      </p>
      {e.rejectReason && <p className="error">Rejected: {e.rejectReason}</p>}
      {e.lastError && <p className="error">Last error: {e.lastError}</p>}
      {e.status !== 'REJECTED' && (
        <p>
          <button onClick={() => replay.mutate({ id })} disabled={replay.isPending}>
            Replay processing
          </button>{' '}
          {replay.isSuccess && (
            <span className="status-ok">
              Queued. Processing is idempotent: an applied event stays as it is.
            </span>
          )}
          {replay.error && <span className="error">{errorSentence(replay.error)}</span>}
        </p>
      )}
      <h3>Headers</h3>
      <pre>{JSON.stringify(e.headers, null, 2)}</pre>
      <h3>{e.payload !== null ? 'Payload' : 'Raw body'}</h3>
      <pre>{e.payload !== null ? JSON.stringify(e.payload, null, 2) : e.rawBody}</pre>
    </div>
  );
}
