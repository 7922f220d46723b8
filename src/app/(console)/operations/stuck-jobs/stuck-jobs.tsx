'use client';
import { api } from '@/lib/trpc/react';
import { errorSentence } from '@/lib/trpc/errors';
import { DataTable } from '@/app/_components/data-table';
import { formatDateTime } from '@/app/_components/format';

const REASONS = {
  worker_gone: 'worker stopped beating',
  over_timeout: 'past its timeout',
} as const;

export function StuckJobs() {
  const utils = api.useUtils();
  const stuck = api.jobs.stuck.list.useQuery(undefined, { refetchInterval: 5_000 });
  const release = api.jobs.stuck.release.useMutation({ onSettled: () => utils.jobs.invalidate() });
  if (stuck.error) return <p className="error">{errorSentence(stuck.error)}</p>;
  if (!stuck.data) return <p className="muted">Loading…</p>;
  return (
    <>
      {release.error && <p className="error">{errorSentence(release.error)}</p>}
      <DataTable
        label="Stuck jobs"
        rows={stuck.data}
        rowKey={(j) => j.jobId}
        rowProps={() => ({ 'data-testid': 'stuck-job-row' })}
        empty={<span data-testid="no-stuck-jobs">No stuck jobs.</span>}
        columns={[
          { header: 'Job', cell: (j) => j.jobId },
          { header: 'Task', cell: (j) => j.task },
          {
            header: 'Why',
            cellProps: () => ({ className: 'status-bad' }),
            cell: (j) => REASONS[j.reason],
          },
          { header: 'Locked since', cell: (j) => formatDateTime(j.lockedAt) },
          { header: 'Held by', cell: (j) => <code>{j.lockedBy}</code> },
          {
            header: 'Attempts',
            isNumeric: true,
            cell: (j) => `${j.attempts} / ${j.maxAttempts}`,
          },
          {
            header: 'Actions',
            isHeaderHidden: true,
            cell: (j) => (
              <button
                onClick={() => release.mutate({ jobId: j.jobId })}
                disabled={release.isPending}
              >
                Release
              </button>
            ),
          },
        ]}
      />
    </>
  );
}
