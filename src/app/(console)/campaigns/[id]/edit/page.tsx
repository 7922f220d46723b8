import Link from 'next/link';
import { notFound } from 'next/navigation';
import { CampaignCrumbs } from '../../_components/campaign-crumbs';
import { isCampaignId } from '../../_components/campaign-id';
import { EditDraft } from '../../_editor/edit-draft';

type Props = { params: Promise<{ id: string }> };

export default async function EditCampaignPage({ params }: Props) {
  const { id } = await params;
  if (!isCampaignId(id)) notFound();
  return (
    <>
      <CampaignCrumbs>
        <Link href={`/campaigns/${id}`}>Campaign</Link> /
      </CampaignCrumbs>
      <h1>Edit draft</h1>
      <EditDraft id={id} />
    </>
  );
}
