import type { WebhookHandler } from './types';
import { recordApplied } from './record-applied';

/** chatwoot events: recorded as applied until a domain consumes them. */
export const chatwootHandler: WebhookHandler = recordApplied;
