// Analysis test helpers: a node:http server in front of the real route handlers (the analysis
// simulator's API and the webhook ingest) with APP_URL pointed at it, so the outbound client, the
// simulator's callback job and the worker talk real HTTP like to a running app; a tenant with its
// analysis connection; uploaded recordings (audio in the real recordings storage); and the row counts every exactly-once test asserts.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import * as createJobRoute from '../../src/app/api/simulators/analysis/v1/jobs/route';
import * as getJobRoute from '../../src/app/api/simulators/analysis/v1/jobs/[id]/route';
import * as webhookRoute from '../../src/app/api/webhooks/[provider]/[connection]/route';
import { withTenantTx } from '../../src/server/db/tx';
import { resetEnvForTests } from '../../src/server/env';
import {
  submitRecordingForAnalysis,
  type SubmitOutcome,
} from '../../src/server/domain/analysis/submit';
import { readRecordingAudio } from '../../src/server/domain/analysis/audio';
import { getRecordingStorage, recordingKey } from '../../src/server/domain/recordings/get-storage';
import { addPerson, createTenant, ownerQuery, type TestTenant } from '../helpers/fixtures';
import { createConnection, type TestConnection } from '../webhooks/helpers';

export type TestApp = { origin: string; close: () => Promise<void> };

const JOB = /^\/api\/simulators\/analysis\/v1\/jobs\/([^/]+)$/;
const WEBHOOK = /^\/api\/webhooks\/([^/]+)\/([^/]+)$/;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function route(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  if (pathname === '/api/simulators/analysis/v1/jobs' && request.method === 'POST')
    return createJobRoute.POST(request);
  const job = JOB.exec(pathname);
  if (job && request.method === 'GET')
    return getJobRoute.GET(request, { params: Promise.resolve({ id: job[1]! }) });
  const webhook = WEBHOOK.exec(pathname);
  if (webhook && request.method === 'POST')
    return webhookRoute.POST(request, {
      params: Promise.resolve({ provider: webhook[1]!, connection: webhook[2]! }),
    });
  return new Response('not found', { status: 404 });
}

/** Starts the server; APP_URL (the simulator's base and the callback origin) points at it. */
export async function startAnalysisApp(): Promise<TestApp> {
  let origin = '';
  const server: Server = createServer((req, res) => {
    void (async () => {
      try {
        const body = await readBody(req);
        const headers = new Headers();
        for (const [name, value] of Object.entries(req.headers))
          if (typeof value === 'string') headers.set(name, value);
        const method = req.method ?? 'GET';
        const request = new Request(`${origin}${req.url ?? '/'}`, {
          method,
          headers,
          body: method === 'GET' || method === 'HEAD' ? undefined : new Uint8Array(body),
        });
        const response = await route(request);
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      } catch (error) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.APP_URL = origin;
  process.env.RECORDINGS_DIR = mkdtempSync(path.join(tmpdir(), 'analysis-recordings-'));
  delete process.env.ANALYSIS_API_URL;
  resetEnvForTests();
  return {
    origin,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

export type AnalysisTenant = TestTenant & { connection: TestConnection; repId: string };

export async function analysisTenant(): Promise<AnalysisTenant> {
  const tenant = await createTenant('analysis');
  const connection = await createConnection(tenant, 'analysis');
  const rep = await addPerson(tenant, 'REP');
  return { ...tenant, connection, repId: rep.userId };
}

/** The real reader the analysis.submit job uses (the recordings storage). */
export const readTestAudio = readRecordingAudio;

export type UploadedRecording = { sessionId: string; leadId: string; appointmentId: string };

/** A lead, its appointment and a recording session that has its audio (UPLOADED). */
export async function uploadedRecording(
  tenant: AnalysisTenant,
  options: { contentType?: string; leadSetBy?: 'PERSON' } = {},
): Promise<UploadedRecording> {
  const audio = new TextEncoder().encode(`visit audio ${randomBytes(8).toString('hex')}`);
  const sessionId = randomUUID();
  const key = recordingKey({
    tenantId: tenant.tenantId,
    sessionId,
    uploadId: randomUUID(),
    extension: 'webm',
  });
  await getRecordingStorage().put(key, Readable.from([Buffer.from(audio)]), {
    maxBytes: 1_000_000,
  });
  return withTenantTx(tenant.tenantId, async (tx) => {
    const contact = await tx.contact.create({
      data: { tenantId: tenant.tenantId, phone: `+4915${randomDigits(9)}` },
      select: { id: true },
    });
    const lead = await tx.lead.create({
      data: {
        tenantId: tenant.tenantId,
        contactId: contact.id,
        source: 'WEB',
        recordingConsent: 'GRANTED',
        recordingConsentAt: new Date(),
        ...(options.leadSetBy === 'PERSON'
          ? { status: 'CONTACTED', statusSetBy: 'PERSON', statusSetById: tenant.owner.userId }
          : {}),
      },
      select: { id: true },
    });
    const start = Date.UTC(2026, 11, 10, 9) + Math.floor(Math.random() * 1e6) * 60_000;
    const appointment = await tx.appointment.create({
      data: {
        tenantId: tenant.tenantId,
        leadId: lead.id,
        startsAt: new Date(start),
        endsAt: new Date(start + 3_600_000),
        address: '1 Main Street',
        status: 'COMPLETED',
      },
      select: { id: true },
    });
    const session = await tx.recordingSession.create({
      data: {
        id: sessionId,
        tenantId: tenant.tenantId,
        appointmentId: appointment.id,
        repId: tenant.repId,
        status: 'UPLOADED',
        stoppedAt: new Date(),
        uploadedAt: new Date(),
        audioKey: key,
        audioSizeBytes: audio.length,
        audioContentType: options.contentType ?? 'audio/webm',
        audioSha256: createHash('sha256').update(audio).digest('hex'),
      },
      select: { id: true },
    });
    return { sessionId: session.id, leadId: lead.id, appointmentId: appointment.id };
  });
}

const randomDigits = (n: number) =>
  Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');

export function submit(
  tenant: TestTenant,
  recordingSessionId: string,
  lastAttempt = false,
): Promise<SubmitOutcome> {
  return submitRecordingForAnalysis(
    { tenantId: tenant.tenantId, recordingSessionId },
    { readAudio: readTestAudio, lastAttempt },
  );
}

export type JobState = {
  id: string;
  status: string;
  provider_job_id: string | null;
  output_hash: string | null;
  session_status: string;
  results: number;
  applied_audits: number;
  lead_status: string;
  lead_set_by: string;
};

/** Every analysis job of the tenant with what was made of it. */
export async function jobStates(tenantId: string): Promise<JobState[]> {
  return ownerQuery<JobState>(
    `SELECT j.id, j.status::text, j.provider_job_id, j.output_hash, s.status::text AS session_status,
            (SELECT count(*)::int FROM analysis_results r WHERE r.analysis_job_id = j.id) AS results,
            (SELECT count(*)::int FROM audit_entries a WHERE a.tenant_id = j.tenant_id
               AND a.action = 'analysis.applied' AND a.subject = 'analysis_job:' || j.id) AS applied_audits,
            l.status::text AS lead_status, l.status_set_by::text AS lead_set_by
       FROM analysis_jobs j JOIN recording_sessions s ON s.id = j.recording_session_id
       JOIN appointments ap ON ap.id = s.appointment_id JOIN leads l ON l.id = ap.lead_id
      WHERE j.tenant_id = $1 ORDER BY j.created_at`,
    [tenantId],
  );
}

/** The simulator's jobs for a recording (one per recording, however often we submitted). */
export async function simulatorJobsFor(recordingId: string): Promise<number> {
  const [row] = await ownerQuery<{ n: number }>(
    'SELECT count(*)::int AS n FROM simulator_analysis_jobs WHERE recording_id = $1',
    [recordingId],
  );
  return row!.n;
}
