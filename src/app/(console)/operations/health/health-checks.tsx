'use client';
import { api } from '@/lib/trpc/react';
import { errorSentence } from '@/lib/trpc/errors';
import { DataTable } from '@/app/_components/data-table';
import { formatInteger } from '@/app/_components/format';

export function HealthChecks() {
  const health = api.ops.health.useQuery(undefined, { refetchInterval: 5_000 });
  if (health.error) return <p className="error">{errorSentence(health.error)}</p>;
  if (!health.data) return <p className="muted">Checking…</p>;
  return (
    <div className="card">
      <p data-testid="overall" className={health.data.ok ? 'status-ok' : 'status-bad'}>
        {health.data.ok ? 'All systems ready' : 'Not ready'}
      </p>
      <DataTable
        label="Readiness checks"
        rows={health.data.checks}
        rowKey={(c) => c.name}
        rowProps={(c) => ({ 'data-testid': `check-${c.name}` })}
        columns={[
          { header: 'Check', cell: (c) => c.name },
          {
            header: 'Status',
            cellProps: (c) => ({ className: c.ok ? 'status-ok' : 'status-bad' }),
            cell: (c) => (c.ok ? 'ok' : 'failing'),
          },
          { header: 'Latency', isNumeric: true, cell: (c) => `${formatInteger(c.latencyMs)} ms` },
          {
            header: 'Detail',
            cellProps: () => ({ className: 'muted' }),
            cell: (c) => c.detail ?? '',
          },
        ]}
      />
    </div>
  );
}
