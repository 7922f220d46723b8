// Provider name → its local stand-in, which sends correctly signed deliveries (tests, bench, demo).
import type { ProviderName } from '../providers/types';
import type { ProviderSimulator } from './types';
import { twilioSimulator } from './twilio/deliveries';
import { stripeSimulator } from './stripe/deliveries';
import { shopifySimulator } from './shopify/deliveries';
import { whatsappSimulator } from './whatsapp/deliveries';
import { chatwootSimulator } from './chatwoot/deliveries';
import { analysisSimulator } from './analysis/deliveries';

export const providerSimulators: Record<ProviderName, ProviderSimulator> = {
  twilio: twilioSimulator,
  stripe: stripeSimulator,
  shopify: shopifySimulator,
  whatsapp: whatsappSimulator,
  chatwoot: chatwootSimulator,
  analysis: analysisSimulator,
};
