// Recording consent of a lead: whether the person visited agreed to the visit being recorded.
// Recordings are refused without it (domain/recordings/start.ts). Kept behind these functions so
// the consent evidence of the GDPR work can replace the columns without touching callers.
import type { Tx } from '../../db/tx';
import type { Actor } from '../audit/actor';
import { recordAudit } from '../audit/record';
import { NotFoundError } from '../errors';

export async function hasRecordingConsent(tx: Tx, leadId: string): Promise<boolean> {
  const lead = await tx.lead.findUnique({
    where: { id: leadId },
    select: { recordingConsent: true },
  });
  return lead?.recordingConsent === 'GRANTED';
}

export async function setRecordingConsent(
  tx: Tx,
  actor: Actor,
  input: { leadId: string; granted: boolean },
): Promise<{ recordingConsent: 'GRANTED' | 'WITHDRAWN'; recordingConsentAt: Date }> {
  const before = await tx.lead.findUnique({
    where: { id: input.leadId },
    select: { recordingConsent: true },
  });
  if (!before) throw new NotFoundError('lead not found');
  const to = input.granted ? 'GRANTED' : 'WITHDRAWN';
  const at = new Date();
  await tx.lead.update({
    where: { id: input.leadId },
    data: { recordingConsent: to, recordingConsentAt: at, recordingConsentById: actor.userId },
  });
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorId: actor.userId,
    action: 'lead.recording_consent_changed',
    subject: `lead:${input.leadId}`,
    detail: { from: before.recordingConsent, to },
  });
  return { recordingConsent: to, recordingConsentAt: at };
}
