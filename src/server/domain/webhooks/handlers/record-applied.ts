import type { WebhookHandler } from './types';

/**
 * The effect of an event no domain consumes yet: nothing beyond the PROCESSED mark. The event row
 * (status, processed_at) and the webhook archive record that it was applied; the audit trail is
 * for what people and API clients do, which a line per provider event would bury.
 */
export const recordApplied: WebhookHandler = () => Promise.resolve();
