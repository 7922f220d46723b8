// Twilio events, dispatched on their kind. Inbound SMS carrying a carrier keyword (STOP, START…)
// change the sender's opt-out; delivery-status callbacks move campaign recipients; the rest is
// recorded as applied until its domain consumes it; call status callbacks build the call. Add a case per kind here.
import type { Tx } from '../../../db/tx';
import type { TwilioEvent } from '../../../providers/twilio/events';
import type { StoredWebhookEvent, WebhookHandler } from './types';
import { recordApplied } from './record-applied';
import { normalizePhone } from '@/lib/schemas/phone';
import { classifySmsKeyword, optIn, optOut } from '../../contacts';
import { applyDeliveryReport } from '../../campaigns/delivery';
import { systemActor } from '../../audit/actor';
import { applyCallStatus } from '../../calls/status';

type Stored<K extends TwilioEvent['kind']> = StoredWebhookEvent<Extract<TwilioEvent, { kind: K }>>;

/** STOP / START from a handset: the sender's contact opts out (created if unknown) or back in. */
async function applyInboundMessage(tx: Tx, stored: Stored<'sms.inbound'>) {
  const message = stored.event;
  const keyword = classifySmsKeyword(message.body);
  // Short codes and alphanumeric senders have no E.164 number to key a contact on.
  const from = normalizePhone(message.from);
  if (!keyword || !from.ok) return recordApplied(tx, stored);
  const change = {
    actor: systemActor(stored.tenantId),
    phone: from.e164,
    source: `sms:${message.messageSid}`,
  };
  if (keyword === 'opt-out') await optOut(tx, change);
  else await optIn(tx, change);
}

/** A message's status callback: campaign recipients move on (see campaigns/delivery.ts). */
async function applyMessageStatus(tx: Tx, stored: Stored<'sms.status'>) {
  const { messageSid, status, errorCode } = stored.event;
  const outcome = await applyDeliveryReport(tx, {
    messageSid,
    status,
    errorCode,
    callbackKey: stored.meta.callbackKey ?? null,
  });
  // A campaign report is recorded on its recipient row; anything else is just applied.
  if (outcome === 'not-a-campaign-message') await recordApplied(tx, stored);
}

export const twilioHandler: WebhookHandler<TwilioEvent> = async (tx, stored) => {
  const { event } = stored;
  switch (event.kind) {
    case 'sms.inbound':
      return applyInboundMessage(tx, { ...stored, event });
    case 'sms.status':
      return applyMessageStatus(tx, { ...stored, event });
    case 'voice':
      // Status callbacks carry a SequenceNumber; other call requests are answered in TwiML.
      // (a SequenceNumber past int4 is no real Twilio callback: kept, not applied)
      if (event.sequence === null || event.sequence > 2_147_483_647)
        return recordApplied(tx, stored);
      return applyCallStatus(tx, {
        tenantId: stored.tenantId,
        callback: { ...event, sequence: event.sequence },
      });
    case 'voice.step':
    case 'other':
      return recordApplied(tx, stored);
  }
};
