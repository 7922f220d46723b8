'use client';
// Every campaign, newest first, with its status, progress, counts and credits. Polls every 2 s
// while one of them is sending (or scheduled to start), and stops when all are settled.
import Link from 'next/link';
import { api } from '@/lib/trpc/react';
import { errorSentence } from '@/lib/trpc/errors';
import { CampaignProgress } from './_components/campaign-progress';
import { CampaignStatusBadge } from './_components/campaign-status';
import { StatusCounts } from './_components/status-counts';
import { isSettling, type CampaignView } from './_components/types';
import { formatDateTime } from '@/app/_components/format';

const POLL_MS = 2_000;

export function CampaignList() {
  const list = api.campaigns.list.useInfiniteQuery(
    { limit: 25 },
    {
      // Parameters typed by hand: inferred, the pages' JSON columns are too deep for the checker.
      getNextPageParam: (page: { nextCursor: string | null }) => page.nextCursor ?? undefined,
      refetchInterval: (query: {
        state: {
          data?: {
            pages: { items: Pick<CampaignView, 'status' | 'pendingCount' | 'sentCount'>[] }[];
          };
        };
      }) =>
        query.state.data?.pages.some((p) => p.items.some((c) => isSettling(c))) ? POLL_MS : false,
    },
  );
  const pages = list.data?.pages as { items: CampaignView[] }[] | undefined;
  const campaigns = pages?.flatMap((p) => p.items) ?? [];

  return (
    <section aria-label="Campaign list">
      {list.error && <p className="error">{errorSentence(list.error)}</p>}
      {list.data && campaigns.length === 0 && (
        <div className="card muted">
          No campaigns yet. Start with “New campaign”; import contacts and buy credits first if you
          have none.
        </div>
      )}
      {campaigns.map((c) => (
        <CampaignCard key={c.id} campaign={c} />
      ))}
      {list.hasNextPage && (
        <button
          type="button"
          className="secondary"
          onClick={() => void list.fetchNextPage()}
          disabled={list.isFetchingNextPage}
        >
          Load older campaigns
        </button>
      )}
    </section>
  );
}

function CampaignCard({ campaign: c }: { campaign: CampaignView }) {
  return (
    <article className="card" aria-label={c.name} data-testid="campaign-card">
      <div
        style={{
          display: 'flex',
          justifyContent: 'space-between',
          gap: 12,
          flexWrap: 'wrap',
          alignItems: 'baseline',
        }}
      >
        <h2 style={{ fontSize: 16, margin: 0 }}>
          <Link href={`/campaigns/${c.id}`}>{c.name}</Link>
        </h2>
        <div style={{ fontSize: 13 }}>
          <CampaignStatusBadge status={c.status} />{' '}
          <span className="muted">
            {c.status === 'SCHEDULED'
              ? `starts ${formatDateTime(c.scheduledAt)}`
              : c.launchedAt
                ? `launched ${formatDateTime(c.launchedAt)}`
                : `created ${formatDateTime(c.createdAt)}`}
          </span>
        </div>
      </div>
      {c.launchedAt !== null && (
        <>
          <div style={{ margin: '12px 0' }}>
            <CampaignProgress campaign={c} />
          </div>
          <StatusCounts campaign={c} />
        </>
      )}
      {c.status === 'DRAFT' && (
        <p className="muted" style={{ marginBottom: 0 }}>
          Draft — <Link href={`/campaigns/${c.id}/edit`}>edit and launch</Link>
        </p>
      )}
      {c.failureReason && <p className="error">{c.failureReason}</p>}
    </article>
  );
}
