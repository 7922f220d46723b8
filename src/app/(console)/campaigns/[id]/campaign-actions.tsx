'use client';
// What can be done to a campaign from its page: edit or delete a draft; cancel (admins) while
// it is a draft, scheduled or sending. Cancelling stops further sends; what went out stays charged.
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { api } from '@/lib/trpc/react';
import { errorSentence } from '@/lib/trpc/errors';
import { useIsAdmin } from '../_components/use-is-admin';
import { isCancellable, type CampaignView } from '../_components/types';

export function CampaignActions({
  campaign,
}: {
  campaign: Pick<CampaignView, 'id' | 'name' | 'status'>;
}) {
  const router = useRouter();
  const isAdmin = useIsAdmin();
  const utils = api.useUtils();
  const cancel = api.campaigns.cancel.useMutation({
    onSettled: () => void utils.campaigns.invalidate(),
  });
  const remove = api.campaigns.delete.useMutation({
    onSuccess: async () => {
      await utils.campaigns.list.invalidate();
      router.push('/campaigns');
    },
  });
  const error = cancel.error ?? remove.error;

  return (
    <div style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
      {campaign.status === 'DRAFT' && (
        <>
          <Link href={`/campaigns/${campaign.id}/edit`} className="button">
            Edit draft
          </Link>
          <button
            type="button"
            className="secondary"
            disabled={remove.isPending}
            onClick={() => {
              if (window.confirm(`Delete the draft “${campaign.name}”?`))
                remove.mutate({ id: campaign.id });
            }}
          >
            Delete draft
          </button>
        </>
      )}
      {isAdmin && isCancellable(campaign.status) && (
        <button
          type="button"
          className="secondary"
          disabled={cancel.isPending}
          onClick={() => {
            const what =
              campaign.status === 'SENDING'
                ? 'Stop sending? Messages already sent stay sent and charged; the rest is released.'
                : 'Cancel this campaign?';
            if (window.confirm(what)) cancel.mutate({ id: campaign.id });
          }}
        >
          {cancel.isPending ? 'Cancelling…' : 'Cancel campaign'}
        </button>
      )}
      {error && (
        <span className="error" role="alert">
          {errorSentence(error)}
        </span>
      )}
    </div>
  );
}
