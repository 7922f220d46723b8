// WhatsApp Cloud API webhook envelope (360dialog forwards the same shape). One delivery may carry
// several messages and status updates; their ids are the event identity.
import { createHash } from 'node:crypto';
import { z } from 'zod';

const messageSchema = z.looseObject({
  id: z.string().min(1).max(255),
  from: z.string().max(32).optional(),
  timestamp: z.string().max(20).optional(),
  type: z.string().max(40).optional(),
});
const statusSchema = z.looseObject({
  id: z.string().min(1).max(255),
  status: z.string().min(1).max(40),
  timestamp: z.string().max(20).optional(),
  recipient_id: z.string().max(32).optional(),
});

const changeSchema = z.looseObject({
  field: z.string().max(100),
  value: z.looseObject({
    messaging_product: z.string().max(40).optional(),
    messages: z.array(messageSchema).max(1000).optional(),
    statuses: z.array(statusSchema).max(1000).optional(),
  }),
});

export const whatsappPayloadSchema = z.looseObject({
  object: z.string().min(1).max(100),
  entry: z
    .array(z.looseObject({ id: z.string().max(100), changes: z.array(changeSchema).max(1000) }))
    .min(1)
    .max(1000),
});

export type WhatsappPayload = z.infer<typeof whatsappPayloadSchema>;

/**
 * Message ids as event ids. A status update reuses its message's id (sent → delivered → read),
 * so statuses are keyed `<wamid>:<status>`. A batch of several items is keyed by a hash of its
 * sorted item ids, so a redelivery of the same batch is still one event.
 */
export function whatsappEventIdentity(
  payload: WhatsappPayload,
): { eventId: string; eventType: string; itemIds: string[] } | null {
  const ids: string[] = [];
  const kinds = new Set<string>();
  for (const entry of payload.entry) {
    for (const change of entry.changes) {
      for (const m of change.value.messages ?? []) {
        ids.push(m.id);
        kinds.add('message');
      }
      for (const s of change.value.statuses ?? []) {
        ids.push(`${s.id}:${s.status}`);
        kinds.add(`status.${s.status}`);
      }
    }
  }
  if (ids.length === 0) return null;
  const eventType = kinds.size === 1 ? [...kinds][0]! : 'batch';
  if (ids.length === 1) return { eventId: ids[0]!, eventType, itemIds: ids };
  const digest = createHash('sha256')
    .update([...ids].sort().join('\n'))
    .digest('hex')
    .slice(0, 40);
  return { eventId: `batch:${digest}`, eventType, itemIds: ids };
}
