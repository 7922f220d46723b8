// Provider name → implementation. The pipeline and the connection service look providers up here.
import type { ProviderName, WebhookProvider } from './types';
import type { TwilioEvent } from './twilio/events';
import type { StripeEvent } from './stripe/events';
import type { ShopifyEvent } from './shopify/events';
import type { WhatsappEvent } from './whatsapp/events';
import type { ChatwootEvent } from './chatwoot/events';
import type { AnalysisEvent } from './analysis/events';
import { twilioProvider } from './twilio/provider';
import { stripeProvider } from './stripe/provider';
import { shopifyProvider } from './shopify/provider';
import { whatsappProvider } from './whatsapp/provider';
import { chatwootProvider } from './chatwoot/provider';
import { analysisProvider } from './analysis/provider';

/** Each provider's typed event: what a stored event of that provider is applied as. */
export type ProviderEvents = {
  twilio: TwilioEvent;
  stripe: StripeEvent;
  shopify: ShopifyEvent;
  whatsapp: WhatsappEvent;
  chatwoot: ChatwootEvent;
  analysis: AnalysisEvent;
};

export const webhookProviders: { [P in ProviderName]: WebhookProvider<ProviderEvents[P]> } = {
  twilio: twilioProvider,
  stripe: stripeProvider,
  shopify: shopifyProvider,
  whatsapp: whatsappProvider,
  chatwoot: chatwootProvider,
  analysis: analysisProvider,
};
