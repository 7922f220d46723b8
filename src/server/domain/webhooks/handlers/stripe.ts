import type { WebhookHandler } from './types';
import { recordApplied } from './record-applied';

/** stripe events: recorded as applied until a domain consumes them. */
export const stripeHandler: WebhookHandler = recordApplied;
