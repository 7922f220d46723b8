'use client';
import { api } from '@/lib/trpc/react';

const REASONS = {
  worker_gone: 'worker stopped beating',
  over_timeout: 'past its timeout',
} as const;

export function StuckJobs() {
  const utils = api.useUtils();
  const stuck = api.jobs.stuck.list.useQuery(undefined, { refetchInterval: 5_000 });
  const release = api.jobs.stuck.release.useMutation({ onSettled: () => utils.jobs.invalidate() });
  if (stuck.error) return <p className="error">{stuck.error.message}</p>;
  if (!stuck.data) return <p className="muted">Loading…</p>;
  if (stuck.data.length === 0)
    return (
      <p className="muted" data-testid="no-stuck-jobs">
        No stuck jobs.
      </p>
    );
  return (
    <>
      {release.error && <p className="error">{release.error.message}</p>}
      <table>
        <thead>
          <tr>
            <th>Job</th>
            <th>Task</th>
            <th>Why</th>
            <th>Locked since</th>
            <th>Held by</th>
            <th>Attempts</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {stuck.data.map((j) => (
            <tr key={j.jobId} data-testid="stuck-job-row">
              <td>{j.jobId}</td>
              <td>{j.task}</td>
              <td className="status-bad">{REASONS[j.reason]}</td>
              <td>{new Date(j.lockedAt).toLocaleString()}</td>
              <td>
                <code>{j.lockedBy}</code>
              </td>
              <td>
                {j.attempts} / {j.maxAttempts}
              </td>
              <td>
                <button
                  onClick={() => release.mutate({ jobId: j.jobId })}
                  disabled={release.isPending}
                >
                  Release
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
