// What applying a stored event means, per provider (one file each under ./handlers). Each handler
// runs inside the transaction that marks the event PROCESSED, under a row lock on the event, so it
// runs to completion once per event: a retry or a replay of an applied event finds it PROCESSED
// and never gets here. Handlers keep their own outbound claims for anything they call out to.
import type { ProviderName } from '../../providers/types';
import type { WebhookHandler } from './handlers/types';
import { twilioHandler } from './handlers/twilio';
import { stripeHandler } from './handlers/stripe';
import { shopifyHandler } from './handlers/shopify';
import { whatsappHandler } from './handlers/whatsapp';
import { chatwootHandler } from './handlers/chatwoot';
import { analysisHandler } from './handlers/analysis';

export type { StoredWebhookEvent, WebhookHandler } from './handlers/types';

export const webhookHandlers: Record<ProviderName, WebhookHandler> = {
  twilio: twilioHandler,
  stripe: stripeHandler,
  shopify: shopifyHandler,
  whatsapp: whatsappHandler,
  chatwoot: chatwootHandler,
  analysis: analysisHandler,
};
