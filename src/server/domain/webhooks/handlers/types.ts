import type { Tx } from '../../../db/tx';
import type { ProviderName } from '../../../providers/types';

export type StoredWebhookEvent = {
  id: string;
  tenantId: string;
  provider: ProviderName;
  eventId: string;
  eventType: string | null;
  payload: unknown;
  /** Non-secret ids the provider's parser kept (e.g. Twilio's callback key), by name. */
  meta: Record<string, string>;
};

export type WebhookHandler = (tx: Tx, event: StoredWebhookEvent) => Promise<void>;
