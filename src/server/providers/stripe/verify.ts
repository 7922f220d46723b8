// Stripe-Signature: `t=<unix>,v1=<hex hmac of "t.body">` checked by the SDK's constructEvent
// (constant-time compare inside, 300 s tolerance on old timestamps). The SDK accepts any future
// timestamp, so one more than 5 minutes ahead is rejected here too.
import Stripe from 'stripe';
import type { InboundDelivery, VerifyContext, VerifyOutcome } from '../types';

export const STRIPE_TOLERANCE_SECONDS = 300;

export function verifyStripe(
  delivery: InboundDelivery,
  { secrets, now }: VerifyContext,
): VerifyOutcome {
  const header = delivery.headers.get('stripe-signature');
  if (!header)
    return { ok: false, reason: 'missing_signature', detail: 'Stripe-Signature header is missing' };
  let expired = false;
  for (const [index, secret] of secrets.entries()) {
    const outcome = tryConstruct(delivery.body, header, secret, now);
    if (outcome === 'expired') expired = true;
    if (outcome !== 'valid') continue;
    const signedAt = Number(/(?:^|,)\s*t=(\d{1,12})(?:,|$)/.exec(header)?.[1]);
    if (signedAt - Math.floor(now.getTime() / 1000) > STRIPE_TOLERANCE_SECONDS) {
      return {
        ok: false,
        reason: 'timestamp_out_of_window',
        detail: 'Stripe-Signature timestamp is more than 5 minutes in the future',
      };
    }
    return { ok: true, secretIndex: index };
  }
  if (expired)
    return {
      ok: false,
      reason: 'timestamp_out_of_window',
      detail: 'Stripe-Signature timestamp is older than 300 s',
    };
  return {
    ok: false,
    reason: 'invalid_signature',
    detail: 'Stripe-Signature does not match the payload',
  };
}

function tryConstruct(
  body: Buffer,
  header: string,
  secret: string,
  now: Date,
): 'valid' | 'expired' | 'invalid' {
  try {
    Stripe.webhooks.constructEvent(
      body,
      header,
      secret,
      STRIPE_TOLERANCE_SECONDS,
      undefined,
      now.getTime(),
    );
    return 'valid';
  } catch (error) {
    // constructEvent parses the JSON only after the signature and tolerance checks passed: a
    // SyntaxError means "authentic but unparseable", which the parse step answers with a 400.
    if (error instanceof SyntaxError) return 'valid';
    if (
      error instanceof Stripe.errors.StripeSignatureVerificationError &&
      /tolerance/i.test(error.message)
    )
      return 'expired';
    return 'invalid';
  }
}
