// The one way analysis changes a lead's status. A status a person set is never overwritten by
// analysis, and an analysis result never overwrites the status from a newer (or the same) result,
// so results applied out of order leave the newest one standing. Runs in the caller's transaction
// (the analysis step that applies a result); the row lock orders concurrent applications.
import type { Tx } from '../../db/tx';
import type { LeadStatus } from '../../db/generated/client';
import { NotFoundError } from '../errors';

export type AnalysisOutcomeInput = {
  leadId: string;
  /** The lead status the analysis suggests. */
  outcome: LeadStatus;
  /** The provider's time of the result the outcome comes from. */
  resultAt: Date;
};

export type AnalysisOutcomeApplied =
  | { applied: true; status: LeadStatus }
  | { applied: false; reason: 'set_by_person' | 'older_result'; status: LeadStatus };

export async function applyAnalysisOutcome(
  tx: Tx,
  { leadId, outcome, resultAt }: AnalysisOutcomeInput,
): Promise<AnalysisOutcomeApplied> {
  // FOR UPDATE: two results for one lead are compared one after the other.
  const rows = await tx.$queryRaw<
    { status: LeadStatus; status_set_by: string; status_result_at: Date | null }[]
  >`SELECT status, status_set_by::text, status_result_at FROM leads WHERE id = ${leadId}::uuid FOR UPDATE`;
  const lead = rows[0];
  if (!lead) throw new NotFoundError('lead not found');
  if (lead.status_set_by === 'PERSON')
    return { applied: false, reason: 'set_by_person', status: lead.status };
  if (lead.status_result_at && lead.status_result_at.getTime() >= resultAt.getTime())
    return { applied: false, reason: 'older_result', status: lead.status };
  await tx.lead.update({
    where: { id: leadId },
    data: {
      status: outcome,
      statusSetBy: 'ANALYSIS',
      statusSetById: null,
      statusSetAt: new Date(),
      statusResultAt: resultAt,
    },
  });
  return { applied: true, status: outcome };
}
