// How the analysis simulator can be told to misbehave, per scope: '*' (everything), 'tag:<tag>'
// (one tenant: we tag each job with its tenant id) or 'recording:<id>' (one job). The most specific
// scope wins field by field. Kept in Postgres so web and worker processes read the same settings.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { getPool } from '../../db/client';

export const analysisBehaviourSchema = z.object({
  /** From create to result ready (and first callback due). */
  delayMs: z.number().int().min(0).max(3_600_000).default(1_000),
  /** Share of jobs (by id) that end failed instead of completed. */
  failRate: z.number().min(0).max(1).default(0),
  /** Share of jobs whose callbacks are never sent (polling must find them). */
  dropRate: z.number().min(0).max(1).default(0),
  /** Extra copies of each callback: odd copies reuse the webhook-id (a retry), even ones get a new one (a resend). */
  duplicates: z.number().int().min(0).max(10).default(0),
  /** Each copy is sent up to this much later at random, so callbacks of jobs (and copies) arrive out of order. */
  reorderMs: z.number().int().min(0).max(3_600_000).default(0),
  /** Share of API requests answered 503 (a transient provider error). */
  apiErrorRate: z.number().min(0).max(1).default(0),
});
export type AnalysisBehaviour = z.infer<typeof analysisBehaviourSchema>;
export type AnalysisBehaviourSettings = Partial<z.input<typeof analysisBehaviourSchema>>;

export type BehaviourScope = '*' | `tag:${string}` | `recording:${string}`;

export async function setAnalysisBehaviour(
  scope: BehaviourScope,
  settings: AnalysisBehaviourSettings,
): Promise<void> {
  // Validated, but only the fields given are stored: the rest falls through to wider scopes.
  const parsed = analysisBehaviourSchema.parse(settings);
  const checked = Object.fromEntries(
    Object.keys(settings).map((k) => [k, parsed[k as keyof AnalysisBehaviour]]),
  );
  await getPool().query(
    `INSERT INTO simulator_analysis_behaviours (scope, settings) VALUES ($1, $2::jsonb)
     ON CONFLICT (scope) DO UPDATE SET settings = EXCLUDED.settings, updated_at = now()`,
    [scope, JSON.stringify(checked)],
  );
}

export async function clearAnalysisBehaviours(): Promise<void> {
  await getPool().query('DELETE FROM simulator_analysis_behaviours');
}

/** The behaviour for one job: defaults ◂ '*' ◂ its tag ◂ its recording. */
export async function behaviourFor(
  recordingId: string,
  tag: string | null,
): Promise<AnalysisBehaviour> {
  const scopes = ['*', ...(tag ? [`tag:${tag}`] : []), `recording:${recordingId}`];
  const { rows } = await getPool().query<{ scope: string; settings: Record<string, unknown> }>(
    'SELECT scope, settings FROM simulator_analysis_behaviours WHERE scope = ANY($1::text[])',
    [scopes],
  );
  const merged: Record<string, unknown> = {};
  for (const scope of scopes) Object.assign(merged, rows.find((r) => r.scope === scope)?.settings);
  return analysisBehaviourSchema.parse(merged);
}

/** A stable fraction in [0, 1) for one job and purpose: the same job always decides the same way. */
export function fractionOf(jobId: string, purpose: string): number {
  return createHash('sha256').update(`${jobId}:${purpose}`).digest().readUInt32BE(0) / 2 ** 32;
}
