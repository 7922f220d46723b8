// Consent and opt-out changes leave evidence: an audit entry per change, in the same transaction.
import type { Tx } from '../../db/tx';
import { recordAudit } from '../audit/record';
import type { ConsentState } from './fields';

export type ChangeActor = { tenantId: string; actorId?: string | null };

export async function recordConsentChange(
  tx: Tx,
  actor: ChangeActor,
  change: { contactId: string; from: ConsentState | null; to: ConsentState; source: string },
): Promise<void> {
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorId: actor.actorId ?? null,
    action: 'contact.consent_changed',
    subject: `contact:${change.contactId}`,
    detail: { from: change.from, to: change.to, source: change.source },
  });
}

export async function recordOptOutChange(
  tx: Tx,
  actor: ChangeActor,
  change: { contactId: string; optedOut: boolean; source: string; created?: boolean },
): Promise<void> {
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorId: actor.actorId ?? null,
    action: change.optedOut ? 'contact.opted_out' : 'contact.opted_in',
    subject: `contact:${change.contactId}`,
    detail: { source: change.source, created: change.created ?? false },
  });
}
