import type { WebhookHandler } from './types';
import { recordApplied } from './record-applied';

/** twilio events: recorded as applied until a domain consumes them. */
export const twilioHandler: WebhookHandler = recordApplied;
