import { WebhookConnections } from './webhook-connections';

export default function WebhookConnectionsPage() {
  return (
    <>
      <h1>Webhook connections</h1>
      <p className="muted">
        One endpoint per provider account. Give the provider the URL and the signing secret; the
        secret is shown once. Rotating keeps the previous secret valid for a grace period so
        deliveries in flight still verify.
      </p>
      <WebhookConnections />
    </>
  );
}
