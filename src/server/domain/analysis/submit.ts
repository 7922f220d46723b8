// Submitting one uploaded recording to the call-analysis service (the analysis.submit job), in
// the claim ▸ call ▸ settle shape of every outbound effect: the analysis_jobs row is made (or
// found) and counted in a committed transaction, the service is called outside any transaction,
// and the provider job id is stored in a second one. The create call carries an Idempotency-Key
// derived from our row id, so a retry after a crash between the service creating its job and us
// storing its id gets the same remote job back instead of a second one.
import { withTenantTx, type Tx } from '../../db/tx';
import { withLock } from '../../db/lock';
import { AnalysisApiError, type AnalysisClient } from '../../providers/analysis/client';
import { getAnalysisClient } from '../../simulators/clients';
import { recordAudit } from '../audit/record';
import { NotFoundError } from '../errors';
import { analysisCallbackUrl } from './callback-url';
import { countAnalysisFailure } from './failures';

export type SubmitRef = { tenantId: string; recordingSessionId: string };

/** Reads a recording's stored audio by its key (the recordings storage). */
export type AudioReader = (audioKey: string, signal?: AbortSignal) => Promise<Uint8Array>;

export type SubmitDeps = {
  readAudio: AudioReader;
  /** This run is the job's last attempt: a transient failure now is a dead letter. */
  lastAttempt: boolean;
  signal?: AbortSignal;
  client?: AnalysisClient;
};

export type SubmitOutcome =
  | { outcome: 'submitted'; analysisJobId: string; providerJobId: string }
  | { outcome: 'already-submitted'; analysisJobId: string }
  | { outcome: 'rejected'; analysisJobId: string; reason: string }
  /** Nothing to analyse: the session is gone, or never got its audio (ABANDONED…). */
  | { outcome: 'skipped'; reason: 'missing' | 'not-uploaded' | 'already-failed' };

/** Ours, stable across retries, unique per analysis job: the service's Idempotency-Key. */
export const submitIdempotencyKey = (analysisJobId: string) =>
  `switchboard.analysis:${analysisJobId}`;

/** Aliases phones send for types the service knows under their registered names. */
const SERVICE_CONTENT_TYPE: Record<string, string> = {
  'audio/x-m4a': 'audio/mp4',
  'audio/wave': 'audio/wav',
};

const lockKey = (recordingSessionId: string) => `analysis:submit:${recordingSessionId}`;

type Claimed = {
  analysisJobId: string;
  providerJobId: string | null;
  status: string;
  audio: { key: string; contentType: string } | null;
  sessionStatus: string;
};

async function claim(tx: Tx, ref: SubmitRef): Promise<Claimed | SubmitOutcome> {
  const session = await tx.recordingSession.findUnique({
    where: { id: ref.recordingSessionId },
    select: { id: true, status: true, audioKey: true, audioContentType: true },
  });
  if (!session) return { outcome: 'skipped', reason: 'missing' };
  let job = await tx.analysisJob.findUnique({
    where: { recordingSessionId: session.id },
    select: { id: true, providerJobId: true, status: true },
  });
  if (!job) {
    if (session.status !== 'UPLOADED' || !session.audioKey || !session.audioContentType)
      return { outcome: 'skipped', reason: 'not-uploaded' };
    job = await tx.analysisJob.create({
      data: { tenantId: ref.tenantId, recordingSessionId: session.id },
      select: { id: true, providerJobId: true, status: true },
    });
  }
  if (job.providerJobId) return { outcome: 'already-submitted', analysisJobId: job.id };
  if (job.status === 'FAILED') return { outcome: 'skipped', reason: 'already-failed' };
  await tx.analysisJob.update({ where: { id: job.id }, data: { attempts: { increment: 1 } } });
  return {
    analysisJobId: job.id,
    providerJobId: null,
    status: job.status,
    audio:
      session.audioKey && session.audioContentType
        ? { key: session.audioKey, contentType: session.audioContentType }
        : null,
    sessionStatus: session.status,
  };
}

const isOutcome = (v: Claimed | SubmitOutcome): v is SubmitOutcome => 'outcome' in v;

/** The service refused the request for good (a 4xx other than 429): the analysis FAILED. */
async function settleRejected(ref: SubmitRef, analysisJobId: string, message: string) {
  await withTenantTx(ref.tenantId, (tx) =>
    withLock(tx, lockKey(ref.recordingSessionId), async () => {
      const updated = await tx.analysisJob.updateMany({
        where: { id: analysisJobId, providerJobId: null, status: 'PENDING' },
        data: { status: 'FAILED', lastError: message.slice(0, 2000), completedAt: new Date() },
      });
      if (updated.count === 0) return;
      await tx.recordingSession.updateMany({
        where: { id: ref.recordingSessionId, status: { in: ['UPLOADED', 'ANALYSING'] } },
        data: { status: 'FAILED', endedReason: 'the analysis service refused the recording' },
      });
      await recordAudit(tx, {
        tenantId: ref.tenantId,
        action: 'analysis.rejected',
        subject: `analysis_job:${analysisJobId}`,
        detail: { recordingSessionId: ref.recordingSessionId, error: message.slice(0, 500) },
      });
    }),
  );
}

async function noteError(ref: SubmitRef, analysisJobId: string, message: string) {
  await withTenantTx(ref.tenantId, (tx) =>
    tx.analysisJob.updateMany({
      where: { id: analysisJobId, providerJobId: null },
      data: { lastError: message.slice(0, 2000) },
    }),
  ).catch(() => undefined);
}

export async function submitRecordingForAnalysis(
  ref: SubmitRef,
  deps: SubmitDeps,
): Promise<SubmitOutcome> {
  const claimed = await withTenantTx(ref.tenantId, (tx) =>
    withLock(tx, lockKey(ref.recordingSessionId), () => claim(tx, ref)),
  );
  if (isOutcome(claimed)) return claimed;
  const { analysisJobId } = claimed;
  if (!claimed.audio) {
    // A row whose session lost its audio cannot be analysed by retrying.
    await settleRejected(ref, analysisJobId, 'the recording has no stored audio');
    countAnalysisFailure('rejected');
    return { outcome: 'rejected', analysisJobId, reason: 'no audio' };
  }
  const client = deps.client ?? getAnalysisClient();
  let providerJobId: string;
  try {
    const audio = await deps.readAudio(claimed.audio.key, deps.signal).catch((error: unknown) => {
      // Gone from storage: no retry brings it back.
      if (error instanceof NotFoundError) return null;
      throw error;
    });
    if (!audio) {
      await settleRejected(ref, analysisJobId, 'the recording audio is missing from storage');
      countAnalysisFailure('rejected');
      return { outcome: 'rejected', analysisJobId, reason: 'audio missing' };
    }
    const callbackUrl = await withTenantTx(ref.tenantId, (tx) => analysisCallbackUrl(tx));
    if (!callbackUrl) {
      const message = 'the tenant has no analysis webhook connection to receive results';
      await settleRejected(ref, analysisJobId, message);
      countAnalysisFailure('rejected');
      return { outcome: 'rejected', analysisJobId, reason: message };
    }
    const job = await client.createJob({
      recordingId: ref.recordingSessionId,
      audio,
      contentType: SERVICE_CONTENT_TYPE[claimed.audio.contentType] ?? claimed.audio.contentType,
      callbackUrl,
      idempotencyKey: submitIdempotencyKey(analysisJobId),
      tag: ref.tenantId,
    });
    providerJobId = job.id;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof AnalysisApiError && error.kind === 'permanent') {
      await settleRejected(ref, analysisJobId, message);
      countAnalysisFailure('rejected');
      return { outcome: 'rejected', analysisJobId, reason: error.code };
    }
    await noteError(ref, analysisJobId, message);
    // Transient (or our own storage failing): the job retries with backoff; after the last
    // attempt it becomes a dead letter, and the row stays PENDING so retrying that resumes here.
    if (deps.lastAttempt) countAnalysisFailure('retries_exhausted');
    throw error;
  }
  await withTenantTx(ref.tenantId, (tx) =>
    withLock(tx, lockKey(ref.recordingSessionId), async () => {
      const stored = await tx.analysisJob.updateMany({
        where: { id: analysisJobId, providerJobId: null },
        data: { providerJobId, status: 'SUBMITTED', submittedAt: new Date(), lastError: null },
      });
      if (stored.count === 0) return;
      await tx.recordingSession.updateMany({
        where: { id: ref.recordingSessionId, status: 'UPLOADED' },
        data: { status: 'ANALYSING' },
      });
      await recordAudit(tx, {
        tenantId: ref.tenantId,
        action: 'analysis.submitted',
        subject: `analysis_job:${analysisJobId}`,
        detail: { recordingSessionId: ref.recordingSessionId, providerJobId },
      });
    }),
  );
  return { outcome: 'submitted', analysisJobId, providerJobId };
}
