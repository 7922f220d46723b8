// A Chatwoot delivery as one typed event. No domain reads Chatwoot yet: the event's name is all
// that is typed so far (conversations will add the message kinds they consume).
import { chatwootPayloadSchema } from './schemas';

export type ChatwootEvent = { kind: 'other'; name: string };

export function readChatwootEvent(payload: unknown): ChatwootEvent {
  const parsed = chatwootPayloadSchema.safeParse(payload);
  return { kind: 'other', name: parsed.success ? parsed.data.event : '' };
}
