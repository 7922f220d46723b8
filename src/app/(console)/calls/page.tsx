// Calls: the newest first, with their status, outcome, duration, masked caller and line.
import Link from 'next/link';
import { TRPCError } from '@trpc/server';
import { DataTable, type Column } from '@/app/_components/data-table';
import { formatDateTime, formatInteger } from '@/app/_components/format';
import { callsCaller } from './load';
import { outcomeText } from './call-words';

export const dynamic = 'force-dynamic';

type Row = {
  id: string;
  status: string;
  outcome: string | null;
  durationSeconds: number | null;
  caller: string | null;
  createdAt: Date;
  line: { id: string; label: string } | null;
};

const columns: Column<Row>[] = [
  {
    header: 'Started',
    cell: (c) => <Link href={`/calls/${c.id}`}>{formatDateTime(c.createdAt)}</Link>,
  },
  { header: 'Caller', cell: (c) => c.caller ?? '—' },
  { header: 'Line', cell: (c) => c.line?.label ?? '—' },
  { header: 'Status', cell: (c) => c.status },
  { header: 'Outcome', cell: (c) => outcomeText(c.outcome) },
  {
    header: 'Duration (s)',
    isNumeric: true,
    cell: (c) => (c.durationSeconds === null ? '—' : formatInteger(c.durationSeconds)),
  },
];

export default async function CallsPage() {
  let rows: Row[];
  try {
    rows = (await (await callsCaller()).calls.list({ limit: 100 })).items;
  } catch (error) {
    if (error instanceof TRPCError && (error.code === 'FORBIDDEN' || error.code === 'UNAUTHORIZED'))
      return <p role="alert">{error.message}</p>;
    throw error;
  }
  return (
    <section>
      <h1>Calls</h1>
      <p className="button-row">
        <Link href="/calls/simulator">Call simulator</Link>
        <Link href="/settings/voice-lines">Voice lines</Link>
        <Link href="/knowledge">Knowledge</Link>
      </p>
      <DataTable
        label="Calls"
        columns={columns}
        rows={rows}
        rowKey={(c) => c.id}
        empty="No calls yet. Place one from the call simulator to try the assistant."
        testId="calls-table"
      />
    </section>
  );
}
