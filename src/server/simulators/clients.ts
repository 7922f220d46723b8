// The one place that chooses between a provider's real outbound client and its local simulator:
// credentials set → the real API, otherwise the simulator — configuration, never a code change.
// Providers define the interfaces and the real clients; domain code and the worker get their
// clients from here.
import { getEnv } from '../env';
import { appOrigin } from '../domain/connections/app-origin';
import { TwilioSmsSender } from '../providers/twilio/messaging-twilio';
import type { SmsSender } from '../providers/twilio/messaging';
import { TwilioCallsClient, type CallsClient } from '../providers/twilio/calls-twilio';
import { StripeApiCheckoutClient, type StripeCheckoutClient } from '../providers/stripe/client';
import { AnalysisClient } from '../providers/analysis/client';
import { SIMULATOR_FROM, simulatorCredentials } from './twilio/account';
import { InProcessSimulatorSender } from './twilio/inprocess-sender';
import { CheckoutSimulator } from './stripe/checkout';

/** True when TWILIO_ACCOUNT_SID + TWILIO_AUTH_TOKEN + a sender (messaging service or From) are set. */
export function realTwilioConfigured(): boolean {
  const env = getEnv();
  return Boolean(
    env.TWILIO_ACCOUNT_SID &&
    env.TWILIO_AUTH_TOKEN &&
    (env.TWILIO_MESSAGING_SERVICE_SID ?? env.TWILIO_FROM),
  );
}

let cachedSms: { fingerprint: string; sender: SmsSender } | undefined;

/** Real Twilio when configured; else the simulator, over HTTP or in-process (SIM_TWILIO_MODE). */
export function getSmsSender(): SmsSender {
  const env = getEnv();
  const real = realTwilioConfigured();
  const fingerprint = JSON.stringify([
    real,
    env.TWILIO_ACCOUNT_SID,
    env.SIM_TWILIO_MODE,
    appOrigin(),
  ]);
  if (cachedSms?.fingerprint === fingerprint) return cachedSms.sender;
  let sender: SmsSender;
  if (real) {
    sender = new TwilioSmsSender({
      mode: 'twilio',
      accountSid: env.TWILIO_ACCOUNT_SID!,
      authToken: env.TWILIO_AUTH_TOKEN!,
      messagingServiceSid: env.TWILIO_MESSAGING_SERVICE_SID,
      from: env.TWILIO_FROM,
    });
  } else if (env.SIM_TWILIO_MODE === 'inprocess') {
    sender = new InProcessSimulatorSender();
  } else {
    // The real SDK, rebased onto the simulator's HTTP API: the wire format is exercised too.
    sender = new TwilioSmsSender({
      mode: 'simulator-http',
      ...simulatorCredentials(),
      from: SIMULATOR_FROM,
      apiBaseUrl: `${appOrigin()}/api/simulators/twilio`,
    });
  }
  cachedSms = { fingerprint, sender };
  return sender;
}

let cachedCalls: { fingerprint: string; client: CallsClient } | undefined;

/** Twilio's Calls API with TWILIO_ACCOUNT_SID + TWILIO_AUTH_TOKEN set, else the simulator's over HTTP. */
export function getCallsClient(): CallsClient {
  const env = getEnv();
  const real = Boolean(env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN);
  const fingerprint = JSON.stringify([real, env.TWILIO_ACCOUNT_SID, appOrigin()]);
  if (cachedCalls?.fingerprint === fingerprint) return cachedCalls.client;
  const client = real
    ? new TwilioCallsClient({
        accountSid: env.TWILIO_ACCOUNT_SID!,
        authToken: env.TWILIO_AUTH_TOKEN!,
      })
    : new TwilioCallsClient({
        ...simulatorCredentials(),
        apiBaseUrl: `${appOrigin()}/api/simulators/twilio`,
      });
  cachedCalls = { fingerprint, client };
  return client;
}

let cachedCheckout: { key: string | undefined; client: StripeCheckoutClient } | undefined;

/** Real Stripe when STRIPE_SECRET_KEY is set, the Checkout simulator otherwise. */
export function getStripeCheckoutClient(): StripeCheckoutClient {
  const key = getEnv().STRIPE_SECRET_KEY;
  if (!cachedCheckout || cachedCheckout.key !== key) {
    cachedCheckout = {
      key,
      client: key ? new StripeApiCheckoutClient(key) : new CheckoutSimulator(),
    };
  }
  return cachedCheckout.client;
}

/** The simulator when it is the active client (dev, demo, tests), else null. */
export function getCheckoutSimulator(): CheckoutSimulator | null {
  const client = getStripeCheckoutClient();
  return client instanceof CheckoutSimulator ? client : null;
}

let cachedAnalysis: { fingerprint: string; client: AnalysisClient } | undefined;

/** The real call-analysis service when ANALYSIS_API_URL is set, else the simulator over HTTP. */
export function getAnalysisClient(): AnalysisClient {
  const env = getEnv();
  const options = env.ANALYSIS_API_URL
    ? { baseUrl: env.ANALYSIS_API_URL, apiKey: env.ANALYSIS_API_KEY ?? '' }
    : { baseUrl: `${appOrigin()}/api/simulators/analysis`, apiKey: env.SIM_ANALYSIS_API_KEY };
  const fingerprint = JSON.stringify(options);
  if (cachedAnalysis?.fingerprint !== fingerprint)
    cachedAnalysis = { fingerprint, client: new AnalysisClient(options) };
  return cachedAnalysis.client;
}
