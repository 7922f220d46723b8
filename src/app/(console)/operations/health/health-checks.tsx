'use client';
import { api } from '@/lib/trpc/react';

export function HealthChecks() {
  const health = api.ops.health.useQuery(undefined, { refetchInterval: 5_000 });
  if (health.error) return <p className="error">{health.error.message}</p>;
  if (!health.data) return <p className="muted">Checking…</p>;
  return (
    <div className="card">
      <p data-testid="overall" className={health.data.ok ? 'status-ok' : 'status-bad'}>
        {health.data.ok ? 'All systems ready' : 'Not ready'}
      </p>
      <table>
        <thead>
          <tr>
            <th>Check</th>
            <th>Status</th>
            <th>Latency</th>
            <th>Detail</th>
          </tr>
        </thead>
        <tbody>
          {health.data.checks.map((c) => (
            <tr key={c.name} data-testid={`check-${c.name}`}>
              <td>{c.name}</td>
              <td className={c.ok ? 'status-ok' : 'status-bad'}>{c.ok ? 'ok' : 'failing'}</td>
              <td>{c.latencyMs} ms</td>
              <td className="muted">{c.detail ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
