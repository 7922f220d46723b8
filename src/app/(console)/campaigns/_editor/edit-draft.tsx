'use client';
// The editor for a stored draft; a campaign past DRAFT is shown read-only on its own page.
import Link from 'next/link';
import { api } from '@/lib/trpc/react';
import { errorSentence } from '@/lib/trpc/errors';
import { CampaignEditor } from './campaign-editor';
import { formatStatus } from '@/app/_components/format';

export function EditDraft({ id }: { id: string }) {
  // Loaded once: refetching under the form would fight with what is being typed.
  const campaign = api.campaigns.get.useQuery(
    { id },
    { staleTime: Infinity, refetchOnMount: 'always' },
  );
  if (campaign.error) return <p className="error">{errorSentence(campaign.error)}</p>;
  if (!campaign.data) return <p className="muted">Loading…</p>;
  const c = campaign.data.campaign;
  if (c.status !== 'DRAFT') {
    return (
      <p>
        This campaign is {formatStatus(c.status)}; only drafts can be edited.{' '}
        <Link href={`/campaigns/${c.id}`}>See the campaign</Link>
      </p>
    );
  }
  return <CampaignEditor key={c.id} initial={c} />;
}
