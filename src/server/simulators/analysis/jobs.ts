// The analysis simulator's jobs (simulator_analysis_jobs): created once per idempotency key, in
// the same statement that schedules their callbacks (simulator.analysis-callback jobs), so there
// is no job without its callbacks and no callback without its job. A job reads as 'processing'
// until its completes_at, then as its final status with its result.
import { randomBytes } from 'node:crypto';
import { getPool } from '../../db/client';
import { taskDefinitions } from '../../jobs/definitions';
import type { AnalysisJobResource, AnalysisOutput } from '../../providers/analysis/api-schemas';
import { fractionOf, type AnalysisBehaviour } from './behaviour';
import { outputHashOf, simulatedOutput } from './result';

export type SimulatedJobRow = {
  id: string;
  idempotencyKey: string;
  recordingId: string;
  tag: string | null;
  callbackUrl: string;
  audioSha256: string;
  finalStatus: 'completed' | 'failed';
  result: AnalysisOutput | null;
  outputHash: string | null;
  error: string | null;
  createdAt: Date;
  completesAt: Date;
  callbacksPlanned: number;
};

const COLUMNS = `id, idempotency_key AS "idempotencyKey", recording_id AS "recordingId", tag,
  callback_url AS "callbackUrl", audio_sha256 AS "audioSha256", final_status AS "finalStatus",
  result, output_hash AS "outputHash", error, created_at AS "createdAt",
  completes_at AS "completesAt", callbacks_planned AS "callbacksPlanned"`;

export type NewSimulatedJob = {
  idempotencyKey: string;
  recordingId: string;
  tag: string | null;
  callbackUrl: string;
  audioSha256: string;
  audioSize: number;
  contentType: string;
  behaviour: AnalysisBehaviour;
};

/** Creates the job (or finds the one this key made): `created` false for a replay. */
export async function createSimulatedJob(
  input: NewSimulatedJob,
): Promise<{ row: SimulatedJobRow; created: boolean }> {
  const id = `aj_${randomBytes(12).toString('hex')}`;
  const b = input.behaviour;
  const failed = fractionOf(id, 'fail') < b.failRate;
  const output = failed ? null : simulatedOutput(input.audioSha256);
  const dropped = fractionOf(id, 'drop') < b.dropRate;
  const copies = dropped ? 0 : 1 + b.duplicates;
  // Each copy gets its own share of the reorder window: copies and jobs interleave at random.
  const offsets = Array.from({ length: copies }, (_, copy) =>
    Math.floor(fractionOf(id, `reorder:${copy}`) * b.reorderMs),
  );
  const { rows } = await getPool().query<SimulatedJobRow>(
    `WITH made AS (
       INSERT INTO simulator_analysis_jobs
         (id, idempotency_key, recording_id, tag, callback_url, audio_sha256, audio_size, content_type,
          final_status, result, output_hash, error, behaviour, completes_at, callbacks_planned)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, $13::jsonb,
               now() + $14::int * interval '1 millisecond', $15)
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING ${COLUMNS}),
     scheduled AS (
       SELECT app_add_job('simulator.analysis-callback',
                          json_build_object('jobId', made.id, 'copy', c.copy, '_meta', json_build_object()),
                          NULL, made."completesAt" + c.offset_ms * interval '1 millisecond', $17::int,
                          'simulator.analysis-callback:' || made.id || ':' || c.copy, NULL, 'unsafe_dedupe')
         FROM made, unnest($16::int[]) WITH ORDINALITY AS c(offset_ms, copy))
     SELECT made.*, (SELECT count(*) FROM scheduled)::int AS "scheduled" FROM made`,
    [
      id,
      input.idempotencyKey,
      input.recordingId,
      input.tag,
      input.callbackUrl,
      input.audioSha256,
      input.audioSize,
      input.contentType,
      failed ? 'failed' : 'completed',
      output ? JSON.stringify(output) : null,
      output ? outputHashOf(output) : null,
      failed ? 'the audio could not be transcribed (simulated failure)' : null,
      JSON.stringify(b),
      b.delayMs,
      copies,
      offsets,
      taskDefinitions['simulator.analysis-callback'].maxAttempts,
    ],
  );
  if (rows[0]) return { row: stripScheduled(rows[0]), created: true };
  const existing = await findSimulatedJobByKey(input.idempotencyKey);
  if (!existing) throw new Error('simulated analysis job vanished after a conflicting insert');
  return { row: existing, created: false };
}

function stripScheduled(row: SimulatedJobRow & { scheduled?: number }): SimulatedJobRow {
  const { scheduled: _scheduled, ...rest } = row;
  return rest;
}

async function findSimulatedJobByKey(key: string): Promise<SimulatedJobRow | null> {
  const { rows } = await getPool().query<SimulatedJobRow>(
    `SELECT ${COLUMNS} FROM simulator_analysis_jobs WHERE idempotency_key = $1`,
    [key],
  );
  return rows[0] ?? null;
}

export async function loadSimulatedJob(id: string): Promise<SimulatedJobRow | null> {
  const { rows } = await getPool().query<SimulatedJobRow>(
    `SELECT ${COLUMNS} FROM simulator_analysis_jobs WHERE id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

/** The job as the API shows it now. */
export function jobResource(row: SimulatedJobRow, now = new Date()): AnalysisJobResource {
  const done = row.completesAt.getTime() <= now.getTime();
  return {
    id: row.id,
    status: done ? row.finalStatus : 'processing',
    recording_id: row.recordingId,
    tag: row.tag,
    created_at: row.createdAt.toISOString(),
    completed_at: done ? row.completesAt.toISOString() : null,
    output_hash: done ? row.outputHash : null,
    result: done ? row.result : null,
    error: done ? row.error : null,
  };
}

/** One callback POST made (or retried): the log the drill counts. */
export async function recordCallbackPost(
  jobId: string,
  copy: number,
  webhookId: string,
  httpStatus: number,
): Promise<void> {
  await getPool().query(
    `INSERT INTO simulator_analysis_callbacks (job_id, copy, webhook_id, http_status) VALUES ($1, $2, $3, $4)
     ON CONFLICT (job_id, copy) DO UPDATE
       SET attempts = simulator_analysis_callbacks.attempts + 1, http_status = EXCLUDED.http_status, posted_at = now()`,
    [jobId, copy, webhookId, httpStatus],
  );
}
