// What applying a stored event means, per provider. Each handler runs inside the transaction
// that marks the event PROCESSED, under a row lock on the event, so it runs to completion once
// per event: a retry or a replay of an applied event finds it PROCESSED and never gets here.
// For now every handler records that the event was applied; later issues add the real effects
// (Stripe top-ups, message statuses, analysis results…), each keeping its own outbound claims.
import type { Tx } from '../../db/tx';
import type { ProviderName } from '../../providers/types';
import { recordAudit } from '../audit/record';

export type StoredWebhookEvent = {
  id: string;
  tenantId: string;
  provider: ProviderName;
  eventId: string;
  eventType: string | null;
  payload: unknown;
};

export type WebhookHandler = (tx: Tx, event: StoredWebhookEvent) => Promise<void>;

const recordApplied: WebhookHandler = async (tx, event) => {
  await recordAudit(tx, {
    tenantId: event.tenantId,
    action: 'webhook.applied',
    subject: `webhook_event:${event.id}`,
    detail: { provider: event.provider, eventId: event.eventId, eventType: event.eventType },
  });
};

export const webhookHandlers: Record<ProviderName, WebhookHandler> = {
  twilio: recordApplied,
  stripe: recordApplied,
  shopify: recordApplied,
  whatsapp: recordApplied,
  chatwoot: recordApplied,
  analysis: recordApplied,
};
