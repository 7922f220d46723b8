'use client';
// One campaign: status and progress (polled every 2 s until every recipient is final), counts by
// status, credits, what it says and to whom, its timeline and its recipients.
import { api } from '@/lib/trpc/react';
import { errorSentence } from '@/lib/trpc/errors';
import { CampaignProgress } from '../_components/campaign-progress';
import { CampaignStatusBadge } from '../_components/campaign-status';
import { StatusCounts } from '../_components/status-counts';
import { isSettling, type CampaignView } from '../_components/types';
import { formatDateTime } from '@/app/_components/format';
import { draftOf } from '../_editor/draft';
import { CampaignActions } from './campaign-actions';
import { CampaignTimeline } from './campaign-timeline';
import { RecipientsTable } from './recipients-table';

const POLL_MS = 2_000;

export function CampaignDetail({ id }: { id: string }) {
  const campaign = api.campaigns.get.useQuery(
    { id },
    // Typed by hand: inferred, the JSON columns make the type too deep for the checker.
    {
      refetchInterval: (query: {
        state: { data?: { campaign: Pick<CampaignView, 'status' | 'pendingCount' | 'sentCount'> } };
      }) => (isSettling(query.state.data?.campaign) ? POLL_MS : false),
    },
  );
  if (campaign.error) return <p className="error">{errorSentence(campaign.error)}</p>;
  if (!campaign.data) return <p className="muted">Loading…</p>;
  const c = campaign.data.campaign;
  const live = isSettling(c);
  return (
    <>
      <h1>{c.name}</h1>
      <section className="card" aria-label="Status">
        <div
          style={{ display: 'flex', justifyContent: 'space-between', gap: 12, flexWrap: 'wrap' }}
        >
          <div>
            <CampaignStatusBadge status={c.status} /> <Dates campaign={c} />
          </div>
          <CampaignActions campaign={c} />
        </div>
        {/* Recipients exist from the start on (the audience snapshot), not before. */}
        {c.launchedAt !== null && (
          <>
            <div style={{ margin: '14px 0' }}>
              <CampaignProgress campaign={c} />
            </div>
            <StatusCounts campaign={c} />
          </>
        )}
        {c.failureReason && <p className="error">{c.failureReason}</p>}
      </section>
      <MessageAndAudience campaign={c} />
      <CampaignTimeline events={campaign.data.timeline} />
      {c.launchedAt !== null && <RecipientsTable campaignId={c.id} live={live} />}
    </>
  );
}

function Dates({ campaign: c }: { campaign: CampaignView }) {
  const parts = [
    c.scheduledAt && `scheduled for ${formatDateTime(c.scheduledAt)}`,
    c.launchedAt && `launched ${formatDateTime(c.launchedAt)}`,
    c.finishedAt && `finished ${formatDateTime(c.finishedAt)}`,
  ].filter(Boolean);
  return (
    <span className="muted" style={{ fontSize: 13 }}>
      {parts.length > 0 ? parts.join(' · ') : `created ${formatDateTime(c.createdAt)}`}
    </span>
  );
}

function MessageAndAudience({ campaign }: { campaign: CampaignView }) {
  const d = draftOf(campaign);
  const tags = [
    d.tagsAny && `any of: ${d.tagsAny}`,
    d.tagsAll && `all of: ${d.tagsAll}`,
    d.tagsNone && `none of: ${d.tagsNone}`,
  ].filter(Boolean);
  return (
    <section className="card" aria-label="Message and audience">
      <h2 style={{ fontSize: 16, marginTop: 0 }}>Message</h2>
      <p style={{ whiteSpace: 'pre-wrap' }}>{campaign.body}</p>
      <p className="muted" style={{ marginBottom: 0 }}>
        Audience: {tags.length > 0 ? tags.join('; ') : 'every contact'} (opted-out contacts and
        those without consent are skipped).
      </p>
    </section>
  );
}
