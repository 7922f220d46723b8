// The call-analysis provider's payload (our own contract, see README.md in this folder).
import { z } from 'zod';

export const ANALYSIS_EVENT_TYPES = ['analysis.completed', 'analysis.failed'] as const;

export const analysisPayloadSchema = z.looseObject({
  type: z.enum(ANALYSIS_EVENT_TYPES),
  timestamp: z.iso.datetime({ offset: true }),
  data: z.looseObject({
    analysisId: z.string().min(1).max(100),
    recordingId: z.string().min(1).max(100),
    status: z.enum(['completed', 'failed']),
    /** SHA-256 (hex) of the analysis output: the same result delivered twice (webhook and polling) has one hash. */
    outputHash: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
    error: z.string().max(2000).optional(),
  }),
});

export type AnalysisPayload = z.infer<typeof analysisPayloadSchema>;

export const webhookIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{1,255}$/, 'webhook-id must be 1-255 url-safe characters');
