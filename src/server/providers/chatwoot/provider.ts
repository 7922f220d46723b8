import { randomBytes } from 'node:crypto';
import type { WebhookProvider } from '../types';
import { readChatwootEvent, type ChatwootEvent } from './events';
import { parseJson } from '../hmac';
import { signedKeyOf } from '../signed-key';
import { chatwootDeliverySchema, chatwootPayloadSchema } from './schemas';
import { verifyChatwoot } from './verify';

export const chatwootProvider: WebhookProvider<ChatwootEvent> = {
  name: 'chatwoot',
  generateSecret: () => randomBytes(32).toString('hex'),
  verify: verifyChatwoot,
  archivedHeaders: ['content-type', 'user-agent', 'x-chatwoot-delivery', 'x-chatwoot-timestamp'],
  readEvent: readChatwootEvent,
  parse(delivery) {
    const deliveryId = chatwootDeliverySchema.safeParse(
      delivery.headers.get('x-chatwoot-delivery') ?? '',
    );
    if (!deliveryId.success)
      return { ok: false, detail: deliveryId.error.issues.map((i) => i.message).join('; ') };
    const json = parseJson(delivery.text);
    if (!json.ok) return json;
    const payload = chatwootPayloadSchema.safeParse(json.value);
    if (!payload.success)
      return {
        ok: false,
        detail: `not a Chatwoot webhook: ${payload.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      };
    // Dedupe on the delivery id (Chatwoot retries a delivery under the same id, re-signed with a
    // new timestamp) and on the signed "<timestamp>.<body>": a replay within the 5-minute window
    // under a new delivery id repeats that exactly.
    const timestamp = delivery.headers.get('x-chatwoot-timestamp') ?? '';
    return {
      ok: true,
      event: {
        eventId: deliveryId.data,
        eventType: payload.data.event,
        payload: payload.data,
        typed: { kind: 'other', name: payload.data.event },
        signedKey: signedKeyOf(`${timestamp}.`, delivery.body),
      },
    };
  },
};
