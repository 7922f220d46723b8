'use client';
// A campaign's recipients: masked number, status, cost and what the provider said. Filter by
// status, search by digits of the number (3 or more), page through with cursors.
import { useState, type FormEvent } from 'react';
import { api } from '@/lib/trpc/react';
import { errorSentence } from '@/lib/trpc/errors';
import { DataTable, type Column } from '@/app/_components/data-table';
import { formatDateTime, formatInteger, formatStatus } from '@/app/_components/format';
import { RECIPIENT_STATUSES, type RecipientStatus, type RecipientView } from '../_components/types';

type Filter = { status?: RecipientStatus; search?: string };
const PAGE = 50;

const TONE: Partial<Record<RecipientStatus, string>> = {
  DELIVERED: 'status-ok',
  FAILED: 'status-bad',
};

const COLUMNS: Column<RecipientView>[] = [
  { header: 'Number', cell: (r) => <code>{r.phone}</code> },
  {
    header: 'Status',
    cellProps: (r) => ({ className: TONE[r.status] }),
    cell: (r) => (
      <>
        {formatStatus(r.status)}
        {r.skipReason && <span className="muted"> ({formatStatus(r.skipReason)})</span>}
      </>
    ),
  },
  { header: 'Segments', isNumeric: true, cell: (r) => formatInteger(r.segments) },
  { header: 'Credits', isNumeric: true, cell: (r) => formatInteger(r.cost) },
  { header: 'Attempts', isNumeric: true, cell: (r) => formatInteger(r.attempts) },
  {
    header: 'Provider',
    cell: (r) => (
      <>
        {r.providerStatus ?? <span className="muted">—</span>}
        {(r.errorCode ?? r.errorMessage) && (
          <div className="error" style={{ fontSize: 12 }}>
            {[r.errorCode, r.errorMessage].filter((v) => v !== null).join(' ')}
          </div>
        )}
      </>
    ),
  },
  { header: 'Sent', cell: (r) => formatDateTime(r.sentAt) },
  { header: 'Final', cell: (r) => formatDateTime(r.finalAt) },
];

export function RecipientsTable({ campaignId, live }: { campaignId: string; live: boolean }) {
  const [filter, setFilter] = useState<Filter>({});
  // Earlier pages' cursors, so "Previous" needs no refetch from the start.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const recipients = api.campaigns.recipients.useQuery(
    { campaignId, ...filter, cursor, limit: PAGE },
    { refetchInterval: live ? 2_000 : false },
  );

  function onFilter(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const status = RECIPIENT_STATUSES.find((s) => s === data.get('status'));
    const raw = data.get('search');
    const search = (typeof raw === 'string' ? raw : '').replace(/[^0-9]/g, '');
    setCursors([undefined]);
    setFilter({ status, search: search || undefined });
  }

  return (
    <section className="card" aria-label="Recipients">
      <h2 style={{ fontSize: 16, marginTop: 0 }}>Recipients</h2>
      <form
        onSubmit={onFilter}
        aria-label="Filter recipients"
        style={{
          display: 'flex',
          gap: 12,
          alignItems: 'flex-end',
          flexWrap: 'wrap',
          marginBottom: 12,
        }}
      >
        <label>
          Status
          <select name="status" defaultValue="">
            <option value="">any</option>
            {RECIPIENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {formatStatus(s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Number contains
          <input
            name="search"
            inputMode="numeric"
            placeholder="at least 3 digits"
            maxLength={20}
            style={{ width: 160 }}
          />
        </label>
        <button type="submit">Filter</button>
      </form>
      {recipients.error && <p className="error">{errorSentence(recipients.error)}</p>}
      <DataTable
        label="Recipients"
        testId="recipients-table"
        columns={COLUMNS}
        rows={recipients.data?.items}
        rowKey={(r) => r.id}
        rowProps={(r) => ({ 'data-testid': 'recipient-row', 'data-status': r.status })}
        empty="No recipients match."
      />
      <div style={{ display: 'flex', gap: 8, marginTop: 12 }}>
        <button
          type="button"
          className="secondary"
          disabled={cursors.length <= 1}
          onClick={() => setCursors((s) => s.slice(0, -1))}
        >
          Previous
        </button>
        <button
          type="button"
          className="secondary"
          disabled={!recipients.data?.nextCursor}
          onClick={() => setCursors((s) => [...s, recipients.data?.nextCursor ?? undefined])}
        >
          Next
        </button>
      </div>
    </section>
  );
}
