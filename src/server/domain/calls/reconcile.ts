// Calls whose status callbacks stopped before a terminal one (a callback lost for good, an
// outage on our side past Twilio's retries) are asked about at the Calls API, and what it says
// goes through the same path as a callback: applyCallStatus, so the outcome, the metric and the
// sticky terminal state follow the same rules.
import { withSystemTx, withTenantTx } from '../../db/tx';
import { logger } from '../../obs/logger';
import type { CallsClient } from '../../providers/twilio/calls-twilio';
import { applyCallStatus, isTerminal } from './status';

/**
 * The reconciler's event sits after any SequenceNumber Twilio would send for one call, so it
 * never collides with (and is ordered after) the real callbacks; a real terminal one arriving
 * later is ordered first and wins, as terminal states are sticky.
 */
export const RECONCILER_SEQUENCE = 2_000_000_000;
/** Calls asked about per run; the rest wait for the next tick. */
const BATCH = 100;

export type ReconcileReport = { examined: number; closed: number; unknown: number; open: number };

export async function reconcileCalls(input: {
  client: CallsClient;
  olderThanMinutes: number;
  now?: Date;
}): Promise<ReconcileReport> {
  const now = input.now ?? new Date();
  const cutoff = new Date(now.getTime() - input.olderThanMinutes * 60_000);
  // Across tenants (the scan only), oldest first; a call asked about recently waits its turn again.
  const stuck = await withSystemTx(
    (tx) =>
      tx.$queryRaw<{ id: string; tenant_id: string; call_sid: string }[]>`
      SELECT id, tenant_id, call_sid FROM calls
       WHERE outcome IS NULL AND last_event_at < ${cutoff}
         AND (reconciled_at IS NULL OR reconciled_at < ${cutoff})
       ORDER BY last_event_at LIMIT ${BATCH}`,
  );
  const report: ReconcileReport = { examined: stuck.length, closed: 0, unknown: 0, open: 0 };
  for (const call of stuck) {
    let known;
    try {
      known = await input.client.fetchCall(call.call_sid);
    } catch (error) {
      // Twilio unreachable: this call is asked again on the next run.
      logger.warn({ err: error, callId: call.id }, 'calls API did not answer about a stuck call');
      continue;
    }
    await withTenantTx(call.tenant_id, async (tx) => {
      if (known && isTerminal(known.status)) {
        await applyCallStatus(tx, {
          tenantId: call.tenant_id,
          callback: {
            callSid: call.call_sid,
            status: known.status,
            sequence: RECONCILER_SEQUENCE,
            occurredAt: known.endTime ?? now,
            durationSeconds: known.durationSeconds,
            from: null,
            to: null,
            direction: null,
            source: 'reconciler',
          },
        });
        report.closed += 1;
      } else if (known) report.open += 1;
      else report.unknown += 1;
      await tx.$executeRaw`UPDATE calls SET reconciled_at = ${now} WHERE id = ${call.id}::uuid`;
    });
  }
  return report;
}
