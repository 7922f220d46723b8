import { CampaignCrumbs } from '../_components/campaign-crumbs';
import { CampaignEditor } from '../_editor/campaign-editor';

export default function NewCampaignPage() {
  return (
    <>
      <CampaignCrumbs />
      <h1>New campaign</h1>
      <CampaignEditor />
    </>
  );
}
