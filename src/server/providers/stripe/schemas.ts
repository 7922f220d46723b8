// Stripe event envelope. Only what ingestion relies on is required; the rest passes through for
// the domain handlers (top-ups read data.object).
import { z } from 'zod';

export const stripeEventSchema = z.looseObject({
  id: z.string().regex(/^evt_[A-Za-z0-9_]{1,250}$/, 'Stripe event ids look like evt_…'),
  object: z.literal('event'),
  type: z.string().min(1).max(100),
  created: z.number().int(),
  livemode: z.boolean(),
  data: z.looseObject({ object: z.looseObject({}) }),
});

export type StripeEvent = z.infer<typeof stripeEventSchema>;
