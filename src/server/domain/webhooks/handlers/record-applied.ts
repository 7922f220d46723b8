import type { WebhookHandler } from './types';
import { recordAudit } from '../../audit/record';

/** The default effect of an event no domain consumes yet: an audit line that it was applied. */
export const recordApplied: WebhookHandler = async (tx, event) => {
  await recordAudit(tx, {
    tenantId: event.tenantId,
    action: 'webhook.applied',
    subject: `webhook_event:${event.id}`,
    detail: { provider: event.provider, eventId: event.eventId, eventType: event.eventType },
  });
};
