import { SectionIntro } from '../../_components/section-intro';

export default function ConversationsPage() {
  return (
    <SectionIntro
      title="Conversations"
      description="WhatsApp and chat conversations with your customers."
    />
  );
}
