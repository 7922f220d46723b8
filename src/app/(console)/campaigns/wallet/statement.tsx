'use client';
// The ledger as a statement: each campaign's per-SMS debits as one line linked to the campaign,
// top-ups and adjustments one line each, filtered by kind and date.
import Link from 'next/link';
import { useState } from 'react';
import { api } from '@/lib/trpc/react';
import { describeError } from '@/lib/trpc/errors';
import { DataTable } from '@/app/_components/data-table';
import { formatDateTime, formatInteger, formatSignedInteger } from '@/app/_components/format';

const KINDS = ['TOPUP', 'DEBIT', 'REFUND', 'ADJUSTMENT'] as const;
type Kind = (typeof KINDS)[number];
const KIND_LABEL: Record<Kind, string> = {
  TOPUP: 'Top-ups',
  DEBIT: 'Campaign debits',
  REFUND: 'Refunds',
  ADJUSTMENT: 'Adjustments',
};

/** A date input's value (yyyy-mm-dd) as the start of that day in the viewer's time zone. */
const dayStart = (value: string, plusDays = 0) => {
  if (!value) return undefined;
  const d = new Date(`${value}T00:00:00`);
  d.setDate(d.getDate() + plusDays);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
};

export function Statement() {
  const [kind, setKind] = useState<Kind | ''>('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const statement = api.wallet.statement.useQuery(
    {
      ...(kind ? { kinds: [kind] } : {}),
      from: dayStart(from),
      // "To" is inclusive for the reader: up to the end of that day.
      to: dayStart(to, 1),
    },
    { refetchInterval: 5_000 },
  );
  const problem = statement.error ? describeError(statement.error) : null;
  return (
    <div className="card">
      <h2>Statement</h2>
      <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap', alignItems: 'flex-end' }}>
        <label>
          Kind
          <select value={kind} onChange={(e) => setKind(e.target.value as Kind | '')}>
            <option value="">All</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABEL[k]}
              </option>
            ))}
          </select>
        </label>
        <label>
          From
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          To
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
      </div>
      {problem && <p className="error">{problem.sentence}</p>}
      <DataTable
        label="Statement"
        testId="wallet-statement"
        rows={statement.data}
        rowKey={(l) => l.key}
        rowProps={(l) => ({ 'data-kind': l.kind })}
        empty={
          kind || from || to
            ? 'No movements match these filters.'
            : 'No credit movements yet. Buy credits above to start.'
        }
        columns={[
          { header: 'When', cell: (l) => formatDateTime(l.lastAt) },
          { header: 'Kind', cell: (l) => KIND_LABEL[l.kind] },
          {
            header: 'What',
            cell: (l) =>
              l.campaignId ? (
                <>
                  <Link href={`/campaigns/${l.campaignId}`}>{l.campaignName}</Link>{' '}
                  <span className="muted">
                    {formatInteger(l.entries)} {l.entries === 1 ? 'message' : 'messages'}
                  </span>
                </>
              ) : (
                <span className="truncate" title={l.description}>
                  {l.description || '—'}
                </span>
              ),
          },
          {
            header: 'Credits',
            isNumeric: true,
            cellProps: (l) => ({ className: l.amount < 0 ? 'status-bad' : 'status-ok' }),
            cell: (l) => formatSignedInteger(l.amount),
          },
        ]}
      />
    </div>
  );
}
