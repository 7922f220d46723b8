// The analysis drill's stage and its checks: a tenant with its analysis webhook connection and
// DRILL_RECORDINGS uploaded recordings (rows in bulk, audio through the real recordings storage),
// analysis.submit queued for each as the upload does, and afterwards the exactly-once checks read
// straight from the tables (ours and the simulator's).
import { randomBytes, randomUUID, createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { ownerQuery } from './database';
import type { CheckReport, Figure } from './checks';

export type AnalysisDrillTenant = { tenantId: string; sessionIds: string[] };

export async function seedRecordings(
  runId: string,
  recordingsDir: string,
  count: number,
): Promise<AnalysisDrillTenant> {
  const { withSystemTx, withTenantTx } = await import('../../../src/server/db/tx');
  const { createWebhookConnection } =
    await import('../../../src/server/domain/connections/connections');
  const { LocalRecordingStorage } =
    await import('../../../src/server/domain/recordings/local-storage');
  const { recordingKey } = await import('../../../src/server/domain/recordings/get-storage');
  const { enqueue } = await import('../../../src/server/jobs/enqueue');
  const { tenantId, ownerId, repId } = await withSystemTx(async (tx) => {
    const tenant = await tx.tenant.create({
      data: { slug: `drill-${runId}`, name: 'Analysis drill' },
      select: { id: true },
    });
    const owner = await tx.user.create({
      data: { email: `drill-${runId}@drill.test`, name: 'Drill owner' },
      select: { id: true },
    });
    const rep = await tx.user.create({
      data: { email: `rep-${runId}@drill.test`, name: 'Drill rep' },
      select: { id: true },
    });
    await tx.membership.createMany({
      data: [
        { tenantId: tenant.id, userId: owner.id, role: 'OWNER' },
        { tenantId: tenant.id, userId: rep.id, role: 'REP' },
      ],
    });
    return { tenantId: tenant.id, ownerId: owner.id, repId: rep.id };
  });
  await withTenantTx(tenantId, (tx) =>
    createWebhookConnection(
      tx,
      { tenantId, userId: ownerId },
      { provider: 'analysis', label: 'drill' },
    ),
  );
  const storage = new LocalRecordingStorage(recordingsDir);
  const sessions = Array.from({ length: count }, () => {
    const id = randomUUID();
    const audio = Buffer.from(`drill visit ${id} ${randomBytes(16).toString('hex')}`);
    return {
      id,
      audio,
      key: recordingKey({ tenantId, sessionId: id, uploadId: randomUUID(), extension: 'webm' }),
      sha256: createHash('sha256').update(audio).digest('hex'),
    };
  });
  for (const s of sessions)
    await storage.put(s.key, Readable.from([s.audio]), {
      maxBytes: 1_000_000,
      expectedSha256: s.sha256,
    });
  for (let i = 0; i < sessions.length; i += 500) {
    const chunk = sessions.slice(i, i + 500);
    await withTenantTx(tenantId, async (tx) => {
      await tx.$executeRaw`
        WITH c AS (
          INSERT INTO contacts (tenant_id, phone)
          SELECT ${tenantId}::uuid, '+49152' || lpad((${i}::int + n)::text, 8, '0') FROM generate_series(1, ${chunk.length}::int) AS n
          RETURNING id, phone),
        numbered AS (SELECT id, row_number() OVER (ORDER BY phone) AS n FROM c),
        l AS (
          INSERT INTO leads (tenant_id, contact_id, source, recording_consent, recording_consent_at)
          SELECT ${tenantId}::uuid, id, 'WEB', 'GRANTED', now() FROM numbered ORDER BY n
          RETURNING id, contact_id),
        ln AS (SELECT l.id, numbered.n FROM l JOIN numbered ON numbered.id = l.contact_id),
        s AS (SELECT * FROM unnest(${chunk.map((s) => s.id)}::uuid[], ${chunk.map((s) => s.key)}::text[],
                                   ${chunk.map((s) => s.audio.length)}::int[], ${chunk.map((s) => s.sha256)}::text[])
                     WITH ORDINALITY AS s(id, key, size, sha256, n)),
        a AS (
          INSERT INTO appointments (id, tenant_id, lead_id, starts_at, ends_at, address, status)
          SELECT gen_random_uuid(), ${tenantId}::uuid, ln.id, now() - interval '2 hours', now() - interval '1 hour', 'Drill Street 1', 'COMPLETED'
            FROM ln RETURNING id, lead_id),
        an AS (SELECT a.id, ln.n FROM a JOIN ln ON ln.id = a.lead_id)
        INSERT INTO recording_sessions (id, tenant_id, appointment_id, rep_id, status, stopped_at, uploaded_at,
                                        audio_key, audio_size_bytes, audio_content_type, audio_sha256)
        SELECT s.id, ${tenantId}::uuid, an.id, ${repId}::uuid, 'UPLOADED', now(), now(), s.key, s.size, 'audio/webm', s.sha256
          FROM s JOIN an ON an.n = s.n`;
      // What the upload does in its transaction.
      for (const s of chunk)
        await enqueue(
          tx,
          'analysis.submit',
          { tenantId, recordingSessionId: s.id },
          { jobKey: `analysis.submit:${s.id}` },
        );
    });
  }
  return { tenantId, sessionIds: sessions.map((s) => s.id) };
}

export type AnalysisProgress = { final: number; completed: number; failed: number; total: number };

export async function analysisProgress(dbUrl: string, tenantId: string): Promise<AnalysisProgress> {
  const [row] = await ownerQuery<AnalysisProgress>(
    dbUrl,
    `SELECT count(*) FILTER (WHERE j.status IN ('COMPLETED', 'FAILED'))::int AS final,
            count(*) FILTER (WHERE j.status = 'COMPLETED')::int AS completed,
            count(*) FILTER (WHERE j.status = 'FAILED')::int AS failed,
            (SELECT count(*)::int FROM recording_sessions WHERE tenant_id = $1) AS total
       FROM analysis_jobs j WHERE j.tenant_id = $1`,
    [tenantId],
  );
  return row!;
}

/** Quiet: every job final, every planned callback posted, nothing of the analysis left queued. */
export async function analysisQuiet(dbUrl: string, tenantId: string): Promise<boolean> {
  const [row] = await ownerQuery<{ open: number; unposted: number; queued: number }>(
    dbUrl,
    `SELECT (SELECT count(*)::int FROM recording_sessions s WHERE s.tenant_id = $1
               AND NOT EXISTS (SELECT 1 FROM analysis_jobs j WHERE j.recording_session_id = s.id AND j.status IN ('COMPLETED', 'FAILED'))) AS open,
            (SELECT coalesce(sum(j.callbacks_planned), 0)::int FROM simulator_analysis_jobs j WHERE j.tag = $1::text)
              - (SELECT count(*)::int FROM simulator_analysis_callbacks c JOIN simulator_analysis_jobs j ON j.id = c.job_id WHERE j.tag = $1::text) AS unposted,
            (SELECT count(*)::int FROM graphile_worker._private_jobs q JOIN graphile_worker._private_tasks t ON t.id = q.task_id
              WHERE q.attempts < q.max_attempts
                AND t.identifier IN ('analysis.submit', 'analysis.process', 'webhooks.process', 'simulator.analysis-callback')) AS queued`,
    [tenantId],
  );
  return row!.open === 0 && row!.unposted <= 0 && row!.queued === 0;
}

type Total =
  | 'recordings'
  | 'jobs'
  | 'remote_jobs'
  | 'remote_recordings'
  | 'completed'
  | 'failed'
  | 'results'
  | 'applied'
  | 'failed_audits'
  | 'submitted_audits'
  | 'dropped'
  | 'duplicated'
  | 'callbacks_planned'
  | 'callback_posts'
  | 'webhook_events'
  | 'webhook_processed';

/** Every result processed exactly once, none lost, none applied twice; the figures that show it. */
export async function checkAnalysisExactlyOnce(
  dbUrl: string,
  tenantId: string,
): Promise<CheckReport> {
  const violations: string[] = [];
  const q = <R extends object>(sql: string) => ownerQuery<R>(dbUrl, sql, [tenantId]);
  const [totals] = await q<Record<Total, number>>(
    `SELECT (SELECT count(*)::int FROM recording_sessions WHERE tenant_id = $1) AS recordings,
            (SELECT count(*)::int FROM analysis_jobs WHERE tenant_id = $1) AS jobs,
            (SELECT count(*)::int FROM simulator_analysis_jobs WHERE tag = $1::text) AS remote_jobs,
            (SELECT count(DISTINCT recording_id)::int FROM simulator_analysis_jobs WHERE tag = $1::text) AS remote_recordings,
            (SELECT count(*)::int FROM analysis_jobs WHERE tenant_id = $1 AND status = 'COMPLETED') AS completed,
            (SELECT count(*)::int FROM analysis_jobs WHERE tenant_id = $1 AND status = 'FAILED') AS failed,
            (SELECT count(*)::int FROM analysis_results WHERE tenant_id = $1) AS results,
            (SELECT count(*)::int FROM audit_entries WHERE tenant_id = $1 AND action = 'analysis.applied') AS applied,
            (SELECT count(*)::int FROM audit_entries WHERE tenant_id = $1 AND action = 'analysis.failed') AS failed_audits,
            (SELECT count(*)::int FROM audit_entries WHERE tenant_id = $1 AND action = 'analysis.submitted') AS submitted_audits,
            (SELECT count(*)::int FROM simulator_analysis_jobs WHERE tag = $1::text AND callbacks_planned = 0) AS dropped,
            (SELECT count(*)::int FROM simulator_analysis_jobs WHERE tag = $1::text AND callbacks_planned > 1) AS duplicated,
            (SELECT coalesce(sum(callbacks_planned), 0)::int FROM simulator_analysis_jobs WHERE tag = $1::text) AS callbacks_planned,
            (SELECT coalesce(sum(c.attempts), 0)::int FROM simulator_analysis_callbacks c JOIN simulator_analysis_jobs j ON j.id = c.job_id WHERE j.tag = $1::text) AS callback_posts,
            (SELECT count(*)::int FROM webhook_events WHERE tenant_id = $1) AS webhook_events,
            (SELECT count(*)::int FROM webhook_events WHERE tenant_id = $1 AND status = 'PROCESSED') AS webhook_processed`,
  );
  const t = totals!;
  if (t.jobs !== t.recordings)
    violations.push(`${t.recordings} recordings but ${t.jobs} analysis jobs`);
  if (t.remote_jobs !== t.remote_recordings)
    violations.push(
      `${t.remote_jobs} remote jobs for ${t.remote_recordings} recordings: a recording was submitted twice`,
    );
  if (t.completed + t.failed !== t.recordings)
    violations.push(
      `lost: ${t.recordings - t.completed - t.failed} recordings without a final analysis`,
    );
  if (t.results !== t.completed)
    violations.push(`${t.results} results stored for ${t.completed} completed jobs`);
  if (t.applied !== t.completed)
    violations.push(`${t.applied} applications audited for ${t.completed} completed jobs`);
  if (t.failed_audits !== t.failed)
    violations.push(`${t.failed_audits} failures audited for ${t.failed} failed jobs`);
  if (t.submitted_audits !== t.jobs)
    violations.push(`${t.submitted_audits} submissions audited for ${t.jobs} jobs`);
  if (t.webhook_processed !== t.webhook_events)
    violations.push(`${t.webhook_events - t.webhook_processed} callbacks stored but not processed`);
  // Row by row: our result is the service's, and the lead and recording say what it said.
  const wrong = await q<{ id: string; why: string }>(
    `SELECT j.id, CASE
         WHEN sj.id IS NULL THEN 'no remote job'
         WHEN j.status = 'COMPLETED' AND sj.final_status <> 'completed' THEN 'completed here, failed there'
         WHEN j.status = 'FAILED' AND sj.final_status <> 'failed' THEN 'failed here, completed there'
         WHEN j.status = 'COMPLETED' AND (r.output_hash IS DISTINCT FROM sj.output_hash OR j.output_hash IS DISTINCT FROM sj.output_hash) THEN 'output hash differs'
         WHEN j.status = 'COMPLETED' AND s.status <> 'ANALYSED' THEN 'recording not ANALYSED'
         WHEN j.status = 'FAILED' AND s.status <> 'FAILED' THEN 'recording not FAILED'
         WHEN j.status = 'COMPLETED' AND (l.status IS DISTINCT FROM r.suggested_outcome OR l.status_result_at IS DISTINCT FROM r.result_at) THEN 'lead not at its result'
         WHEN (SELECT count(*) FROM audit_entries a WHERE a.tenant_id = j.tenant_id AND a.subject = 'analysis_job:' || j.id
                AND a.action IN ('analysis.applied', 'analysis.failed')) <> 1 THEN 'not settled exactly once'
       END AS why
       FROM analysis_jobs j
       JOIN recording_sessions s ON s.id = j.recording_session_id
       JOIN appointments ap ON ap.id = s.appointment_id JOIN leads l ON l.id = ap.lead_id
       LEFT JOIN simulator_analysis_jobs sj ON sj.id = j.provider_job_id
       LEFT JOIN analysis_results r ON r.analysis_job_id = j.id
      WHERE j.tenant_id = $1`,
  );
  const bad = wrong.filter((w) => w.why !== null);
  if (bad.length > 0)
    violations.push(
      `${bad.length} analyses wrong, e.g. ${bad
        .slice(0, 3)
        .map((b) => `${b.id}: ${b.why}`)
        .join('; ')}`,
    );
  const figures: Figure[] = [
    ['recordings / analysis jobs / remote jobs', `${t.recordings} / ${t.jobs} / ${t.remote_jobs}`],
    ['completed / failed (by the service)', `${t.completed} / ${t.failed}`],
    ['results stored / applications audited', `${t.results} / ${t.applied}`],
    [
      'remote jobs with callbacks dropped / duplicated',
      `${t.dropped} (polling alone) / ${t.duplicated}`,
    ],
    [
      'callbacks planned / POSTs made / events stored',
      `${t.callbacks_planned} / ${t.callback_posts} / ${t.webhook_events}`,
    ],
    ['analyses wrong row by row', bad.length],
  ];
  return { figures, violations };
}
