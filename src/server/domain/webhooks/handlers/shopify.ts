import type { WebhookHandler } from './types';
import { recordApplied } from './record-applied';

/** shopify events: recorded as applied until a domain consumes them. */
export const shopifyHandler: WebhookHandler = recordApplied;
