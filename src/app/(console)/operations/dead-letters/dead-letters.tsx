'use client';
import { useState, type FormEvent } from 'react';
import { api } from '@/lib/trpc/react';
import { errorSentence } from '@/lib/trpc/errors';
import { DataTable } from '@/app/_components/data-table';
import { formatDateTime, formatInteger } from '@/app/_components/format';

const STATUSES = ['dead', 'retrying', 'resolved', 'discarded', 'any'] as const;
type Status = (typeof STATUSES)[number];
type Filter = { status: Status; task?: string; errorContains?: string };

export function DeadLetters() {
  const utils = api.useUtils();
  const [filter, setFilter] = useState<Filter>({ status: 'dead' });
  const [open, setOpen] = useState<string | null>(null);
  const [discarding, setDiscarding] = useState<string | null>(null);
  const list = api.jobs.deadLetters.list.useQuery(
    { ...filter, limit: 100 },
    { refetchInterval: 3_000 },
  );
  const refresh = () => utils.jobs.invalidate();
  const retry = api.jobs.deadLetters.retry.useMutation({ onSettled: refresh });
  const retryMany = api.jobs.deadLetters.retryMany.useMutation({ onSettled: refresh });
  const discard = api.jobs.deadLetters.discard.useMutation({
    onSuccess: () => setDiscarding(null),
    onSettled: refresh,
  });
  const failure = retry.error ?? retryMany.error ?? discard.error;

  function onFilter(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => ((data.get(name) as string | null) ?? '').trim() || undefined;
    setFilter({
      status: (data.get('status') as Status | null) ?? 'dead',
      task: text('task'),
      errorContains: text('errorContains'),
    });
  }

  function onDiscard(event: FormEvent<HTMLFormElement>, id: string) {
    event.preventDefault();
    discard.mutate({
      id,
      reason: (new FormData(event.currentTarget).get('reason') as string | null) ?? '',
    });
  }

  function onRetryMatching() {
    const { task, errorContains } = filter;
    if (window.confirm(`Retry every open dead letter matching this filter (at most 200)?`))
      retryMany.mutate({ task, errorContains });
  }

  return (
    <>
      <div className="card">
        <form
          onSubmit={onFilter}
          style={{ display: 'flex', gap: 12, alignItems: 'flex-end', flexWrap: 'wrap' }}
          aria-label="Filter dead letters"
        >
          <label>
            Status
            <select name="status" defaultValue="dead" data-testid="filter-status">
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s === 'dead' ? 'open (dead)' : s}
                </option>
              ))}
            </select>
          </label>
          <label>
            Task
            <input name="task" placeholder="e.g. webhooks.process" maxLength={128} />
          </label>
          <label>
            Error contains
            <input
              name="errorContains"
              placeholder="text in the last error"
              maxLength={200}
              data-testid="filter-error"
            />
          </label>
          <button type="submit" data-testid="apply-filter">
            Apply
          </button>
          <button
            type="button"
            className="secondary"
            onClick={onRetryMatching}
            disabled={retryMany.isPending || filter.status !== 'dead'}
            data-testid="retry-matching"
          >
            Retry all matching
          </button>
        </form>
        {retryMany.data && <p className="muted">Retried {retryMany.data.retried} dead letters.</p>}
        {failure && <p className="error">{errorSentence(failure)}</p>}
      </div>

      {list.error && <p className="error">{errorSentence(list.error)}</p>}
      {list.data && (
        <p className="muted" data-testid="dead-letter-total">
          {list.data.total} matching
          {list.data.total > list.data.items.length
            ? `, newest ${list.data.items.length} shown`
            : ''}
        </p>
      )}
      <DataTable
        label="Dead letters"
        rows={list.data?.items}
        rowKey={(d) => d.id}
        rowProps={(d) => ({ 'data-testid': 'dead-letter-row', 'data-id': d.id })}
        empty="No dead letters match."
        columns={[
          {
            header: 'Task',
            cell: (d) => (
              <>
                <button
                  className="secondary"
                  onClick={() => setOpen(open === d.id ? null : d.id)}
                  aria-expanded={open === d.id}
                >
                  {d.task}
                </button>
                {open === d.id && (
                  <div style={{ marginTop: 8 }}>
                    <div className="muted">
                      job {d.jobId}
                      {d.jobKey ? ` · key ${d.jobKey}` : ''}
                      {d.requestId ? ` · request ${d.requestId}` : ''}
                    </div>
                    <pre
                      data-testid="dead-letter-payload"
                      style={{ whiteSpace: 'pre-wrap', fontSize: 12 }}
                    >
                      {JSON.stringify(d.payload, null, 2)}
                    </pre>
                  </div>
                )}
                <div className="muted" style={{ fontSize: 12 }} data-testid="dead-letter-summary">
                  {JSON.stringify(d.payload).slice(0, 120)}
                </div>
              </>
            ),
          },
          {
            header: 'Status',
            cellProps: (d) => ({
              'data-testid': 'dead-letter-status',
              className:
                d.status === 'resolved' ? 'status-ok' : d.status === 'dead' ? 'status-bad' : '',
            }),
            cell: (d) => (
              <>
                {d.status}
                {d.retryCount > 0 ? ` (retried ${d.retryCount}×)` : ''}
                {d.discardReason ? ` — ${d.discardReason}` : ''}
              </>
            ),
          },
          { header: 'Attempts', isNumeric: true, cell: (d) => formatInteger(d.attempts) },
          {
            header: 'Last error',
            cellProps: () => ({ style: { maxWidth: 320, wordBreak: 'break-word' } }),
            cell: (d) => d.lastError,
          },
          { header: 'First failure', cell: (d) => formatDateTime(d.firstFailedAt) },
          { header: 'Last failure', cell: (d) => formatDateTime(d.lastFailedAt) },
          {
            header: 'Actions',
            isHeaderHidden: true,
            cell: (d) =>
              d.status === 'dead' && (
                <div style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
                  <button
                    onClick={() => retry.mutate({ id: d.id })}
                    disabled={retry.isPending}
                    data-testid="retry"
                  >
                    Retry
                  </button>
                  {discarding === d.id ? (
                    <form
                      onSubmit={(e) => onDiscard(e, d.id)}
                      style={{ display: 'flex', flexDirection: 'column', gap: 6 }}
                    >
                      <input
                        name="reason"
                        placeholder="Why discard?"
                        required
                        minLength={3}
                        maxLength={500}
                        aria-label="Reason for discarding"
                      />
                      <button type="submit" className="secondary" disabled={discard.isPending}>
                        Discard
                      </button>
                    </form>
                  ) : (
                    <button
                      className="secondary"
                      onClick={() => setDiscarding(d.id)}
                      data-testid="discard"
                    >
                      Discard…
                    </button>
                  )}
                </div>
              ),
          },
        ]}
      />
    </>
  );
}
