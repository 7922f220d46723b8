// Chatwoot webhook body: `event` names what happened (message_created, conversation_status_changed…);
// the rest is the object itself and passes through to handlers.
import { z } from 'zod';

export const chatwootPayloadSchema = z.looseObject({
  event: z.string().min(1).max(100),
  id: z.union([z.number().int(), z.string().max(100)]).optional(),
});

export const chatwootDeliverySchema = z
  .string()
  .min(1, 'X-Chatwoot-Delivery header is missing')
  .max(255);
