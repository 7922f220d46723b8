import type { Tx } from '../../../db/tx';
import type { ProviderName } from '../../../providers/types';

/** A stored event as a handler receives it: the provider's typed event, never its payload. */
export type StoredWebhookEvent<E = unknown> = {
  id: string;
  tenantId: string;
  provider: ProviderName;
  eventId: string;
  eventType: string | null;
  event: E;
  /** Non-secret ids the provider's parser kept (e.g. Twilio's callback key), by name. */
  meta: Record<string, string>;
};

export type WebhookHandler<E = unknown> = (tx: Tx, event: StoredWebhookEvent<E>) => Promise<void>;
