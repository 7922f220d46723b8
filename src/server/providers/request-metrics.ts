// Every outbound provider call is measured where it is made, through these helpers, so each
// client counts the same way: provider_requests_total{provider, outcome},
// provider_request_duration_seconds{provider, endpoint} and provider_api_errors_total{provider,
// endpoint}. The outcome rules (what is a refusal, what may succeed later) live beside them.
import Stripe from 'stripe';
import { observeProviderRequest, type ProviderOutcome } from '../obs/metrics';
import type { SendResult } from './twilio/messaging';

const since = (started: number) => (performance.now() - started) / 1000;

/**
 * Runs one call and measures it. `outcomeOf` maps a thrown error to its outcome; 'answer' marks
 * an error that is the provider's normal answer (Stripe's 404 for an unknown id): counted ok.
 */
export async function measuredCall<T>(
  provider: string,
  endpoint: string,
  call: () => Promise<T>,
  outcomeOf: (error: unknown) => ProviderOutcome | 'answer',
): Promise<T> {
  const started = performance.now();
  try {
    const value = await call();
    observeProviderRequest(provider, endpoint, since(started), 'ok');
    return value;
  } catch (error) {
    const outcome = outcomeOf(error);
    observeProviderRequest(
      provider,
      endpoint,
      since(started),
      outcome === 'answer' ? 'ok' : outcome,
    );
    throw error;
  }
}

/** A Twilio send's answer, measured from `started` and passed through: a permanent failure is `error`. */
export function countedSmsResult(
  result: SendResult,
  started: number,
  endpoint = 'messages.create',
): SendResult {
  const outcome: ProviderOutcome = result.ok
    ? 'ok'
    : result.kind === 'permanent'
      ? 'error'
      : 'transient';
  observeProviderRequest('twilio', endpoint, since(started), outcome);
  return result;
}

/** The Twilio SDK's errors: a RestException is an answer (5xx and 429 transient), anything else no answer. */
export function twilioErrorOutcome(error: unknown): ProviderOutcome {
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number') return status === 429 || status >= 500 ? 'transient' : 'error';
  return 'transient';
}

/**
 * Runs one Stripe call and measures it (the SDK's own network retries are inside the one call).
 * `isAnswer`: errors that are Stripe's normal answer, not a failure (404 for an unknown id).
 */
export function countedStripeCall<T>(
  endpoint: string,
  call: () => Promise<T>,
  isAnswer: (error: unknown) => boolean = () => false,
): Promise<T> {
  return measuredCall('stripe', endpoint, call, (error) =>
    isAnswer(error) ? 'answer' : stripeOutcome(error),
  );
}

/** Unreachable, rate limited or 5xx may succeed later; any other refusal will not. */
function stripeOutcome(error: unknown): ProviderOutcome {
  if (
    error instanceof Stripe.errors.StripeConnectionError ||
    error instanceof Stripe.errors.StripeRateLimitError ||
    error instanceof Stripe.errors.StripeAPIError
  )
    return 'transient';
  if (error instanceof Stripe.errors.StripeError && (error.statusCode ?? 0) >= 500)
    return 'transient';
  return 'error';
}
