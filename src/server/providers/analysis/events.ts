// A call-analysis delivery as one typed event (the contract is in README.md here).
import { analysisPayloadSchema, type AnalysisPayload } from './schemas';

export type AnalysisEvent =
  | {
      kind: 'analysis.completed' | 'analysis.failed';
      analysisId: string;
      recordingId: string;
      /** The same result delivered twice (webhook and polling) has one hash. */
      outputHash: string | null;
      error: string | null;
    }
  | { kind: 'other' };

export function analysisEventOf({ type, data }: AnalysisPayload): AnalysisEvent {
  return {
    kind: type,
    analysisId: data.analysisId,
    recordingId: data.recordingId,
    outputHash: data.outputHash ?? null,
    error: data.error ?? null,
  };
}

export function readAnalysisEvent(payload: unknown): AnalysisEvent {
  const parsed = analysisPayloadSchema.safeParse(payload);
  return parsed.success ? analysisEventOf(parsed.data) : { kind: 'other' };
}
