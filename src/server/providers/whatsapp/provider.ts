import { randomBytes } from 'node:crypto';
import type { WebhookProvider } from '../types';
import { readWhatsappEvent, whatsappEventOf, type WhatsappEvent } from './events';
import { parseJson } from '../hmac';
import { whatsappEventIdentity, whatsappPayloadSchema } from './schemas';
import { verifyWhatsapp } from './verify';

export const whatsappProvider: WebhookProvider<WhatsappEvent> = {
  name: 'whatsapp',
  generateSecret: () => randomBytes(32).toString('hex'),
  verify: verifyWhatsapp,
  archivedHeaders: ['content-type', 'user-agent'],
  readEvent: readWhatsappEvent,
  parse(delivery) {
    const json = parseJson(delivery.text);
    if (!json.ok) return json;
    const payload = whatsappPayloadSchema.safeParse(json.value);
    if (!payload.success)
      return {
        ok: false,
        detail: `not a WhatsApp webhook: ${payload.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      };
    const identity = whatsappEventIdentity(payload.data);
    if (!identity) return { ok: false, detail: 'WhatsApp webhook carries no message or status id' };
    return {
      ok: true,
      event: {
        eventId: identity.eventId,
        eventType: identity.eventType,
        payload: payload.data,
        typed: whatsappEventOf(payload.data),
        meta: { items: identity.itemIds.slice(0, 20).join(',') },
      },
    };
  },
};
