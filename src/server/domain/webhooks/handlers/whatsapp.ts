import type { WebhookHandler } from './types';
import { recordApplied } from './record-applied';

/** whatsapp events: recorded as applied until a domain consumes them. */
export const whatsappHandler: WebhookHandler = recordApplied;
