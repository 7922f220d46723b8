import type { WebhookHandler } from './types';
import { recordApplied } from './record-applied';

/** analysis events: recorded as applied until a domain consumes them. */
export const analysisHandler: WebhookHandler = recordApplied;
