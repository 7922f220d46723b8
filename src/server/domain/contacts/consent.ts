// Consent and opt-out changes leave evidence: an audit entry per change, in the same transaction.
import type { Tx } from '../../db/tx';
import type { Actor } from '../audit/actor';
import { recordAudit } from '../audit/record';
import type { ConsentState } from './fields';

export async function recordConsentChange(
  tx: Tx,
  change: {
    actor: Actor;
    contactId: string;
    from: ConsentState | null;
    to: ConsentState;
    source: string;
  },
): Promise<void> {
  await recordAudit(tx, {
    tenantId: change.actor.tenantId,
    actorId: change.actor.userId,
    action: 'contact.consent_changed',
    subject: `contact:${change.contactId}`,
    detail: { from: change.from, to: change.to, source: change.source },
  });
}

export async function recordOptOutChange(
  tx: Tx,
  change: { actor: Actor; contactId: string; optedOut: boolean; source: string; created?: boolean },
): Promise<void> {
  await recordAudit(tx, {
    tenantId: change.actor.tenantId,
    actorId: change.actor.userId,
    action: change.optedOut ? 'contact.opted_out' : 'contact.opted_in',
    subject: `contact:${change.contactId}`,
    detail: { source: change.source, created: change.created ?? false },
  });
}
