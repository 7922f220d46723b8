import { describe, expect, it } from 'vitest';
import { readStripeEvent } from './events';

const event = (type: string, object: unknown) => ({
  id: 'evt_1',
  object: 'event',
  type,
  created: 1,
  livemode: false,
  data: { object },
});

describe('readStripeEvent', () => {
  it('reads a Checkout payment event with the session in our names', () => {
    expect(
      readStripeEvent(
        event('checkout.session.completed', {
          id: 'cs_test_1',
          object: 'checkout.session',
          payment_status: 'paid',
          amount_total: 4500,
          currency: 'eur',
          metadata: { tenant_id: 't', pack_id: 'p' },
        }),
      ),
    ).toEqual({
      kind: 'checkout.session.completed',
      session: {
        id: 'cs_test_1',
        paymentStatus: 'paid',
        amountTotal: 4500,
        currency: 'eur',
        metadata: { tenant_id: 't', pack_id: 'p' },
      },
    });
  });

  it('keeps a payment event whose object is no Checkout session (session null), and names other types', () => {
    expect(readStripeEvent(event('checkout.session.async_payment_succeeded', {}))).toEqual({
      kind: 'checkout.session.async_payment_succeeded',
      session: null,
    });
    expect(readStripeEvent(event('invoice.paid', {}))).toEqual({
      kind: 'other',
      type: 'invoice.paid',
    });
  });
});
