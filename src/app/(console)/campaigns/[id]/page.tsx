import { notFound } from 'next/navigation';
import { CampaignCrumbs } from '../_components/campaign-crumbs';
import { isCampaignId } from '../_components/campaign-id';
import { CampaignDetail } from './campaign-detail';

type Props = { params: Promise<{ id: string }> };

export default async function CampaignPage({ params }: Props) {
  const { id } = await params;
  if (!isCampaignId(id)) notFound();
  return (
    <>
      <CampaignCrumbs />
      <CampaignDetail id={id} />
    </>
  );
}
