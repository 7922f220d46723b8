'use client';
// Every lead, newest first, filtered by status, source or a name / phone / e-mail search, with
// who set the status and when. Pages of 25, "Load more" for older ones.
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { api } from '@/lib/trpc/react';
import { errorSentence } from '@/lib/trpc/errors';
import { DataTable } from '@/app/_components/data-table';
import { formatDateTime, formatStatus } from '@/app/_components/format';
import { StatusBadge } from '../appointments/_components/status-badge';
import { useSetterName } from './_components/lead-status-line';
import { LEAD_SOURCES, LEAD_STATUSES } from './_components/lead-words';

type Filter = {
  status?: (typeof LEAD_STATUSES)[number];
  source?: (typeof LEAD_SOURCES)[number];
  search?: string;
};

export function LeadList() {
  const [filter, setFilter] = useState<Filter>({});
  const setter = useSetterName();
  const list = api.leads.list.useInfiniteQuery(
    { ...filter, limit: 25 },
    { getNextPageParam: (page) => page.nextCursor ?? undefined },
  );
  const rows = list.data?.pages.flatMap((p) => p.items);

  function onFilter(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const status = data.get('status');
    const source = data.get('source');
    const search = data.get('search');
    setFilter({
      status: LEAD_STATUSES.find((s) => s === status),
      source: LEAD_SOURCES.find((s) => s === source),
      search: typeof search === 'string' && search.trim() ? search.trim() : undefined,
    });
  }

  return (
    <section aria-label="Lead list">
      <form
        aria-label="Filter leads"
        onSubmit={onFilter}
        className="card"
        style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'flex-end' }}
      >
        <label>
          Status
          <select name="status" defaultValue="">
            <option value="">any</option>
            {LEAD_STATUSES.map((s) => (
              <option key={s} value={s}>
                {formatStatus(s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Source
          <select name="source" defaultValue="">
            <option value="">any</option>
            {LEAD_SOURCES.map((s) => (
              <option key={s} value={s}>
                {formatStatus(s)}
              </option>
            ))}
          </select>
        </label>
        <label style={{ flex: '1 1 160px' }}>
          Name, phone or e-mail
          <input name="search" maxLength={100} />
        </label>
        <button type="submit">Filter</button>
      </form>
      {list.error && <p className="error">{errorSentence(list.error)}</p>}
      <DataTable
        label="Leads"
        testId="leads-table"
        rows={rows}
        rowKey={(l) => l.id}
        rowProps={(l) => ({ 'data-status': l.status, 'data-testid': 'lead-row' })}
        empty={
          Object.keys(filter).some((k) => filter[k as keyof Filter] !== undefined)
            ? 'No lead matches this filter.'
            : 'No leads yet: add the first with “New lead” above.'
        }
        columns={[
          {
            header: 'Lead',
            cell: (l) => <Link href={`/leads/${l.id}`}>{l.contact.name ?? l.contact.phone}</Link>,
          },
          { header: 'Phone', cell: (l) => l.contact.phone },
          { header: 'Source', cell: (l) => formatStatus(l.source) },
          { header: 'Status', cell: (l) => <StatusBadge status={l.status} /> },
          {
            header: 'Set',
            cell: (l) => (
              <span data-set-by={l.statusSetBy}>
                {setter(l)}, {formatDateTime(l.statusSetAt)}
              </span>
            ),
          },
          { header: 'Added', cell: (l) => formatDateTime(l.createdAt) },
        ]}
      />
      {list.hasNextPage && (
        <button
          type="button"
          className="secondary"
          style={{ marginTop: 12 }}
          onClick={() => void list.fetchNextPage()}
          disabled={list.isFetchingNextPage}
        >
          Load older leads
        </button>
      )}
    </section>
  );
}
