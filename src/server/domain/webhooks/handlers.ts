// What applying a stored event means, per provider (one file each under ./handlers). A handler
// gets the provider's typed event (read from the stored payload by the provider itself), never
// the payload. Each handler
// runs inside the transaction that marks the event PROCESSED, under a row lock on the event, so it
// runs to completion once per event: a retry or a replay of an applied event finds it PROCESSED
// and never gets here. Handlers keep their own outbound claims for anything they call out to.
import type { ProviderName } from '../../providers/types';
import type { ProviderEvents } from '../../providers/registry';
import type { WebhookHandler } from './handlers/types';
import { twilioHandler } from './handlers/twilio';
import { stripeHandler } from './handlers/stripe';
import { shopifyHandler } from './handlers/shopify';
import { whatsappHandler } from './handlers/whatsapp';
import { chatwootHandler } from './handlers/chatwoot';
import { analysisHandler } from './handlers/analysis';

export type { StoredWebhookEvent, WebhookHandler } from './handlers/types';

/** Each provider's handler takes that provider's typed event. */
export const webhookHandlers: { [P in ProviderName]: WebhookHandler<ProviderEvents[P]> } = {
  twilio: twilioHandler,
  stripe: stripeHandler,
  shopify: shopifyHandler,
  whatsapp: whatsappHandler,
  chatwoot: chatwootHandler,
  analysis: analysisHandler,
};
