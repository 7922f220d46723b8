// Provider name → implementation. The pipeline and the connection service look providers up here.
import type { ProviderName, WebhookProvider } from './types';
import { twilioProvider } from './twilio/provider';
import { stripeProvider } from './stripe/provider';
import { shopifyProvider } from './shopify/provider';
import { whatsappProvider } from './whatsapp/provider';
import { chatwootProvider } from './chatwoot/provider';
import { analysisProvider } from './analysis/provider';

export const webhookProviders: Record<ProviderName, WebhookProvider> = {
  twilio: twilioProvider,
  stripe: stripeProvider,
  shopify: shopifyProvider,
  whatsapp: whatsappProvider,
  chatwoot: chatwootProvider,
  analysis: analysisProvider,
};
