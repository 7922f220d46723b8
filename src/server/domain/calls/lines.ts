// A tenant's voice lines: the Twilio numbers its assistant answers, with greeting, language,
// the number a caller is handed to, and business hours.
import type { Tx } from '../../db/tx';
import type { Prisma } from '../../db/generated/client';
import { ConflictError, NotFoundError } from '../errors';
import { recordAudit } from '../audit/record';
import type { Actor } from '../audit/actor';
import { isUniqueViolation } from '../contacts/errors';
import {
  voiceLineSelect,
  type CreateVoiceLineInput,
  type UpdateVoiceLineInput,
} from './line-fields';

export type VoiceLineView = Prisma.VoiceLineGetPayload<{ select: typeof voiceLineSelect }>;

const duplicate = () =>
  new ConflictError('this number is already a voice line', {
    fieldErrors: { phone: ['this number is already a voice line'] },
  });

export async function listVoiceLines(tx: Tx): Promise<VoiceLineView[]> {
  return tx.voiceLine.findMany({
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: voiceLineSelect,
  });
}

export async function createVoiceLine(
  tx: Tx,
  { actor, ...input }: CreateVoiceLineInput & { actor: Actor },
): Promise<VoiceLineView> {
  let line: VoiceLineView;
  try {
    line = await tx.voiceLine.create({
      data: { tenantId: actor.tenantId, ...input },
      select: voiceLineSelect,
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate();
    throw error;
  }
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorId: actor.userId,
    action: 'voice_line.created',
    subject: `voice_line:${line.id}`,
    detail: { language: line.language, hasFallback: line.fallbackPhone !== null },
  });
  return line;
}

export async function updateVoiceLine(
  tx: Tx,
  { actor, id, ...input }: UpdateVoiceLineInput & { actor: Actor },
): Promise<VoiceLineView> {
  const existing = await tx.voiceLine.findUnique({ where: { id }, select: { id: true } });
  if (!existing) throw new NotFoundError('voice line not found');
  let line: VoiceLineView;
  try {
    line = await tx.voiceLine.update({ where: { id }, data: input, select: voiceLineSelect });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate();
    throw error;
  }
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorId: actor.userId,
    action: 'voice_line.updated',
    subject: `voice_line:${line.id}`,
    detail: { fields: Object.keys(input) },
  });
  return line;
}

/** Calls already taken on the line keep their history (line_id becomes null). */
export async function deleteVoiceLine(
  tx: Tx,
  { actor, id }: { actor: Actor; id: string },
): Promise<{ id: string }> {
  const deleted = await tx.voiceLine.deleteMany({ where: { id } });
  if (deleted.count === 0) throw new NotFoundError('voice line not found');
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorId: actor.userId,
    action: 'voice_line.deleted',
    subject: `voice_line:${id}`,
  });
  return { id };
}
