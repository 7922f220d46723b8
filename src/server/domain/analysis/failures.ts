// analysis_job_failures_total{reason}: counted once per analysis that ends without a result (and
// per dead letter), after the transaction that records it has committed.
import { getMetrics } from '../../obs/metrics';

export type AnalysisFailureReason =
  /** The service analysed the recording and reported failure. */
  | 'provider_failed'
  /** The service refused our request for good (4xx), or there was nothing valid to send. */
  | 'rejected'
  /** The service does not know the job id we stored. */
  | 'not_found'
  /** Transient failures until the job's last attempt: a dead letter. */
  | 'retries_exhausted';

export function countAnalysisFailure(reason: AnalysisFailureReason): void {
  getMetrics().analysisJobFailures.inc({ reason });
}
