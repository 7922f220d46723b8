// provider_requests_total{provider, outcome}: one count per outbound provider call, made where the
// call is made. One helper for every client (the real ones and the simulator's in-process sender),
// so each path counts the same way and the outcome rules live in one place.
import Stripe from 'stripe';
import { countProviderRequest, type ProviderOutcome } from '../obs/metrics';
import type { SendResult } from './twilio/messaging';

/** A Twilio send's answer, counted and passed through: a permanent failure is `error`. */
export function countedSmsResult(result: SendResult): SendResult {
  const outcome: ProviderOutcome = result.ok
    ? 'ok'
    : result.kind === 'permanent'
      ? 'error'
      : 'transient';
  countProviderRequest('twilio', outcome);
  return result;
}

/**
 * Runs one Stripe call and counts it (the SDK's own network retries are inside the one call).
 * `isAnswer`: errors that are Stripe's normal answer, not a failure (404 for an unknown id).
 */
export async function countedStripeCall<T>(
  call: () => Promise<T>,
  isAnswer: (error: unknown) => boolean = () => false,
): Promise<T> {
  try {
    const value = await call();
    countProviderRequest('stripe', 'ok');
    return value;
  } catch (error) {
    countProviderRequest('stripe', isAnswer(error) ? 'ok' : stripeOutcome(error));
    throw error;
  }
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
