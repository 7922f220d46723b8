// Provider name → implementation. The pipeline and the connection service look providers up here.
import type { ProviderName, ProviderSimulator, WebhookProvider } from './types';
import { twilioProvider } from './twilio/provider';
import { stripeProvider } from './stripe/provider';
import { shopifyProvider } from './shopify/provider';
import { whatsappProvider } from './whatsapp/provider';
import { chatwootProvider } from './chatwoot/provider';
import { analysisProvider } from './analysis/provider';
import { twilioSimulator } from './twilio/simulator';
import { stripeSimulator } from './stripe/simulator';
import { shopifySimulator } from './shopify/simulator';
import { whatsappSimulator } from './whatsapp/simulator';
import { chatwootSimulator } from './chatwoot/simulator';
import { analysisSimulator } from './analysis/simulator';

export const webhookProviders: Record<ProviderName, WebhookProvider> = {
  twilio: twilioProvider,
  stripe: stripeProvider,
  shopify: shopifyProvider,
  whatsapp: whatsappProvider,
  chatwoot: chatwootProvider,
  analysis: analysisProvider,
};

/** Local stand-ins that send correctly signed deliveries (tests, bench, demo). */
export const providerSimulators: Record<ProviderName, ProviderSimulator> = {
  twilio: twilioSimulator,
  stripe: stripeSimulator,
  shopify: shopifySimulator,
  whatsapp: whatsappSimulator,
  chatwoot: chatwootSimulator,
  analysis: analysisSimulator,
};
