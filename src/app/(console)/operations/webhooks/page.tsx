import { WebhookArchive } from './webhook-archive';

export default function WebhookArchivePage() {
  return (
    <>
      <h1>Webhook archive</h1>
      <p className="muted">
        Every verified provider delivery, stored once. Open one to see its payload (personal data
        masked) and replay its processing.
      </p>
      <WebhookArchive />
    </>
  );
}
