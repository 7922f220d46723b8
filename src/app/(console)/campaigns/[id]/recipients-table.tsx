'use client';
// A campaign's recipients: masked number, status, cost and what the provider said. Filter by
// status, search by digits of the number (3 or more), page through with cursors.
import { useState, type FormEvent } from 'react';
import { api } from '@/lib/trpc/react';
import { RECIPIENT_STATUSES, type RecipientStatus } from '../_components/types';
import { lower, when } from '../_components/format';

type Filter = { status?: RecipientStatus; search?: string };
const PAGE = 50;

export function RecipientsTable({ campaignId, live }: { campaignId: string; live: boolean }) {
  const [filter, setFilter] = useState<Filter>({});
  // Earlier pages' cursors, so "Previous" needs no refetch from the start.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const recipients = api.campaigns.recipients.useQuery(
    { campaignId, ...filter, cursor, limit: PAGE },
    { refetchInterval: live ? 2_000 : false },
  );
  const items = recipients.data?.items ?? [];

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
                {lower(s)}
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
      {recipients.error && <p className="error">{recipients.error.message}</p>}
      <table data-testid="recipients-table">
        <thead>
          <tr>
            <th>Number</th>
            <th>Status</th>
            <th>Segments</th>
            <th>Credits</th>
            <th>Attempts</th>
            <th>Provider</th>
            <th>Sent</th>
            <th>Final</th>
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <tr key={r.id} data-testid="recipient-row" data-status={r.status}>
              <td>
                <code>{r.phone}</code>
              </td>
              <td
                className={
                  r.status === 'DELIVERED'
                    ? 'status-ok'
                    : r.status === 'FAILED'
                      ? 'status-bad'
                      : undefined
                }
              >
                {lower(r.status)}
                {r.skipReason && <span className="muted"> ({lower(r.skipReason)})</span>}
              </td>
              <td>{r.segments}</td>
              <td>{r.cost}</td>
              <td>{r.attempts}</td>
              <td>
                {r.providerStatus ?? <span className="muted">—</span>}
                {(r.errorCode ?? r.errorMessage) && (
                  <div className="error" style={{ fontSize: 12 }}>
                    {[r.errorCode, r.errorMessage].filter((v) => v !== null).join(' ')}
                  </div>
                )}
              </td>
              <td>{when(r.sentAt)}</td>
              <td>{when(r.finalAt)}</td>
            </tr>
          ))}
          {recipients.data && items.length === 0 && (
            <tr>
              <td colSpan={8} className="muted">
                No recipients match.
              </td>
            </tr>
          )}
        </tbody>
      </table>
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
