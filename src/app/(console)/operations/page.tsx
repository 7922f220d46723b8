// The Operations front page: this workspace's queue at a glance (rendered on request), and the
// way into health, dead letters, stuck jobs, the webhook archive and the audit log.
import Link from 'next/link';
import { headers } from 'next/headers';
import { TRPCError } from '@trpc/server';
import { resolvePrincipal } from '@/server/auth/resolve';
import { createCaller } from '@/server/trpc/root';
import { createInnerContext } from '@/server/trpc/context';
import { formatInteger } from '@/app/_components/format';
import { SummaryCard, SummaryCards } from '@/app/_components/summary-cards';

export const dynamic = 'force-dynamic';

async function loadOverview() {
  const { principal } = await resolvePrincipal(new Headers(await headers()));
  try {
    return { overview: await createCaller(createInnerContext({ principal })).jobs.overview() };
  } catch (error) {
    if (error instanceof TRPCError && (error.code === 'FORBIDDEN' || error.code === 'UNAUTHORIZED'))
      return { refused: error.message };
    throw error;
  }
}

/** A count that should be zero: shown in red while it is not. */
function BadCount({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <SummaryCard
      label={label}
      value={formatInteger(value)}
      testId={testId}
      tone={value > 0 ? 'bad' : undefined}
    />
  );
}

export default async function OperationsPage() {
  const { overview, refused } = await loadOverview();
  return (
    <>
      <h1>Operations</h1>
      {refused && <p className="error">{refused}</p>}
      {overview && (
        <>
          <h2 style={{ fontSize: 16 }}>Queue</h2>
          <SummaryCards>
            <SummaryCard
              label="Waiting to run (queue depth)"
              value={formatInteger(overview.queue.ready)}
              testId="queue-ready"
            />
            <SummaryCard
              label="Scheduled / backing off"
              value={formatInteger(overview.queue.scheduled)}
              testId="queue-scheduled"
            />
            <SummaryCard
              label="Running"
              value={formatInteger(overview.queue.running)}
              testId="queue-running"
            />
            <BadCount
              label="Dead letters (open)"
              value={overview.deadLetters.status.dead}
              testId="dead-letters-open"
            />
            <BadCount label="Stuck jobs" value={overview.stuckJobs} testId="stuck-jobs" />
            <BadCount
              label="Stuck campaigns (quiet 10 min)"
              value={overview.stuckCampaigns}
              testId="stuck-campaigns"
            />
          </SummaryCards>
          {overview.deadLetters.openByTask.length > 0 && (
            <p className="muted">
              Open dead letters by task:{' '}
              {overview.deadLetters.openByTask.map((t) => `${t.task} (${t.count})`).join(', ')}.
              Being retried: {overview.deadLetters.status.retrying}; resolved:{' '}
              {overview.deadLetters.status.resolved}; discarded:{' '}
              {overview.deadLetters.status.discarded}.
            </p>
          )}
        </>
      )}
      <div className="card">
        <p>
          <Link href="/operations/health">Health</Link> — database, migrations and worker heartbeat,
          as the readiness probe sees them.
        </p>
        <p>
          <Link href="/operations/dead-letters">Dead letters</Link> — jobs that failed on every
          attempt: inspect, retry one or many, discard with a reason.
        </p>
        <p>
          <Link href="/operations/stuck-jobs">Stuck jobs</Link> — jobs held by a dead worker or
          running past their timeout: release them.
        </p>
        <p>
          <Link href="/operations/webhooks">Webhook archive</Link> — every verified provider
          delivery: search, open, replay.
        </p>
        <p>
          <Link href="/operations/audit">Audit log</Link> — what people and API clients did, by whom
          and to what: filter by member, action, object and time.
        </p>
      </div>
    </>
  );
}
