// A WhatsApp Cloud API delivery as one typed event: the messages and status updates it carries.
import { whatsappPayloadSchema, type WhatsappPayload } from './schemas';

export type WhatsappMessage = { id: string; from: string | null; type: string | null };
export type WhatsappStatus = { messageId: string; status: string; recipient: string | null };

export type WhatsappEvent =
  { kind: 'updates'; messages: WhatsappMessage[]; statuses: WhatsappStatus[] } | { kind: 'other' };

export function whatsappEventOf(payload: WhatsappPayload): WhatsappEvent {
  const messages: WhatsappMessage[] = [];
  const statuses: WhatsappStatus[] = [];
  for (const entry of payload.entry)
    for (const { value } of entry.changes) {
      for (const m of value.messages ?? [])
        messages.push({ id: m.id, from: m.from ?? null, type: m.type ?? null });
      for (const s of value.statuses ?? [])
        statuses.push({ messageId: s.id, status: s.status, recipient: s.recipient_id ?? null });
    }
  return { kind: 'updates', messages, statuses };
}

export function readWhatsappEvent(payload: unknown): WhatsappEvent {
  const parsed = whatsappPayloadSchema.safeParse(payload);
  return parsed.success ? whatsappEventOf(parsed.data) : { kind: 'other' };
}
