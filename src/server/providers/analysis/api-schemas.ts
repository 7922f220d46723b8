// The call-analysis service's REST API (create job → id; GET job → status and result), as zod
// schemas shared by the outbound client and the local simulator. The contract is in README.md.
import { z } from 'zod';

export const ANALYSIS_JOB_STATUSES = ['queued', 'processing', 'completed', 'failed'] as const;
export type AnalysisJobStatus = (typeof ANALYSIS_JOB_STATUSES)[number];

export const SENTIMENTS = ['positive', 'neutral', 'negative'] as const;
/** What the analysis suggests for the lead; null when the visit did not settle it. */
export const SUGGESTED_LEAD_STATUSES = ['CONTACTED', 'APPOINTMENT_SET', 'WON', 'LOST'] as const;

export const analysisOutputSchema = z.object({
  summary: z.string().min(1).max(4000),
  sentiment: z.enum(SENTIMENTS),
  objections: z.array(z.string().min(1).max(500)).max(50),
  next_steps: z.array(z.string().min(1).max(500)).max(50),
  suggested_lead_status: z.enum(SUGGESTED_LEAD_STATUSES).nullable(),
  confidence: z.number().min(0).max(1),
});
export type AnalysisOutput = z.infer<typeof analysisOutputSchema>;

const isoDate = z.iso.datetime({ offset: true });

export const analysisJobResourceSchema = z.object({
  id: z.string().regex(/^aj_[A-Za-z0-9]{8,64}$/),
  status: z.enum(ANALYSIS_JOB_STATUSES),
  recording_id: z.string().min(1).max(100),
  tag: z.string().max(100).nullable(),
  created_at: isoDate,
  completed_at: isoDate.nullable(),
  /** sha256 (hex) of the output: one result, one hash, however often it is delivered. */
  output_hash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
  result: analysisOutputSchema.nullable(),
  error: z.string().max(2000).nullable(),
});
export type AnalysisJobResource = z.infer<typeof analysisJobResourceSchema>;

export const analysisErrorBodySchema = z.object({
  error: z.object({ code: z.string().max(100), message: z.string().max(2000) }),
});

/** What the create call takes in its query string (the audio itself is the body). */
export const createJobQuerySchema = z.object({
  recording_id: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'recording_id: 1-100 url-safe characters'),
  callback_url: z.url({ protocol: /^https?$/ }).max(2000),
  tag: z.string().max(100).optional(),
});

export const AUDIO_CONTENT_TYPES = [
  'audio/mpeg',
  'audio/mp4',
  'audio/aac',
  'audio/wav',
  'audio/x-wav',
  'audio/webm',
  'audio/ogg',
  'audio/flac',
] as const;
/** The service takes at most this much audio in one request. */
export const MAX_AUDIO_BYTES = 200 * 1024 * 1024;
