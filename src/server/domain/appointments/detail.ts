// One appointment in full: its lead, who held it when (assignment history), its recorded visits
// with their analysis, and a timeline merged from the audit trail (what people did) and the
// status columns of recordings and analysis (what the system and the provider did).
import type { Tx } from '../../db/tx';
import type { Actor } from '../audit/actor';
import { NotFoundError } from '../errors';
import { getLead, type LeadView } from '../leads/leads';
import { getAppointmentSummary, type AppointmentSummary } from './views';

type Person = { id: string; name: string | null; email: string };

export type TimelineEntry = {
  at: Date;
  /** An audit action ("appointment.assigned") or a status event ("recording.uploaded"). */
  event: string;
  subject: string;
  actor: Person | null;
  detail: Record<string, unknown>;
};

export type AppointmentDetail = {
  appointment: AppointmentSummary;
  lead: LeadView;
  assignments: {
    id: string;
    rep: Person | null;
    assignedBy: Person | null;
    active: boolean;
    createdAt: Date;
    endedAt: Date | null;
    endedBy: Person | null;
    endReason: string | null;
  }[];
  recordings: {
    id: string;
    repId: string;
    status: string;
    startedAt: Date;
    stoppedAt: Date | null;
    uploadedAt: Date | null;
    endedReason: string | null;
    audio: {
      sizeBytes: number;
      contentType: string;
      sha256: string;
      durationMs: number | null;
    } | null;
    analysisJob: {
      id: string;
      status: string;
      providerJobId: string | null;
      attempts: number;
      lastError: string | null;
      submittedAt: Date | null;
      completedAt: Date | null;
    } | null;
    analysisResult: {
      id: string;
      summary: string;
      sentiment: string | null;
      objections: unknown;
      nextSteps: unknown;
      suggestedOutcome: string | null;
      resultAt: Date;
      /** The provider's result as received, for inspection. */
      raw: unknown;
    } | null;
  }[];
  timeline: TimelineEntry[];
};

const TIMELINE_LIMIT = 200;

/**
 * A REP sees only an appointment they hold now; anyone else's (or another workspace's) is
 * NOT_FOUND, exactly like an id that does not exist.
 */
async function assertVisible(tx: Tx, actor: Actor, appointmentId: string): Promise<void> {
  if (actor.role !== 'REP') return;
  const held = await tx.appointmentAssignment.findFirst({
    where: { appointmentId, repId: actor.userId ?? undefined, active: true },
    select: { id: true },
  });
  if (!held || !actor.userId) throw new NotFoundError('appointment not found');
}

export async function getAppointmentDetail(
  tx: Tx,
  { actor, appointmentId }: { actor: Actor; appointmentId: string },
): Promise<AppointmentDetail> {
  await assertVisible(tx, actor, appointmentId);
  const appointment = await getAppointmentSummary(tx, appointmentId);
  const [lead, assignmentRows, sessionRows] = await Promise.all([
    getLead(tx, { id: appointment.lead.id }),
    tx.appointmentAssignment.findMany({
      where: { appointmentId },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: {
        id: true,
        repId: true,
        assignedById: true,
        active: true,
        createdAt: true,
        endedAt: true,
        endedById: true,
        endReason: true,
      },
    }),
    tx.recordingSession.findMany({
      where: { appointmentId },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: {
        id: true,
        repId: true,
        status: true,
        startedAt: true,
        stoppedAt: true,
        uploadedAt: true,
        endedReason: true,
        audioKey: true,
        audioSizeBytes: true,
        audioContentType: true,
        audioSha256: true,
        audioDurationMs: true,
        analysisJobs: {
          select: {
            id: true,
            status: true,
            providerJobId: true,
            attempts: true,
            lastError: true,
            submittedAt: true,
            completedAt: true,
          },
        },
        analysisResults: {
          orderBy: { resultAt: 'desc' },
          take: 1,
          select: {
            id: true,
            summary: true,
            sentiment: true,
            objections: true,
            nextSteps: true,
            suggestedOutcome: true,
            resultAt: true,
            raw: true,
          },
        },
      },
    }),
  ]);
  const sessionIds = sessionRows.map((s) => s.id);
  const jobIds = sessionRows.flatMap((s) => s.analysisJobs.map((j) => j.id));
  const subjects = [
    `appointment:${appointmentId}`,
    `lead:${lead.id}`,
    ...sessionIds.map((id) => `recording_session:${id}`),
    ...jobIds.map((id) => `analysis_job:${id}`),
  ];
  const audit = await tx.auditEntry.findMany({
    where: { subject: { in: subjects } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: TIMELINE_LIMIT,
    select: { actorId: true, action: true, subject: true, detail: true, createdAt: true },
  });
  const personIds = new Set<string>();
  for (const a of assignmentRows)
    for (const id of [a.repId, a.assignedById, a.endedById]) if (id) personIds.add(id);
  for (const e of audit) if (e.actorId) personIds.add(e.actorId);
  const people = new Map(
    (
      await tx.user.findMany({
        where: { id: { in: [...personIds] } },
        select: { id: true, name: true, email: true },
      })
    ).map((u) => [u.id, u]),
  );
  const person = (id: string | null): Person | null =>
    id ? (people.get(id) ?? { id, name: null, email: '' }) : null;

  const recordings = sessionRows.map((s) => {
    const job = s.analysisJobs[0] ?? null;
    const result = s.analysisResults[0] ?? null;
    return {
      id: s.id,
      repId: s.repId,
      status: s.status,
      startedAt: s.startedAt,
      stoppedAt: s.stoppedAt,
      uploadedAt: s.uploadedAt,
      endedReason: s.endedReason,
      audio:
        s.audioKey && s.audioSizeBytes !== null && s.audioContentType && s.audioSha256
          ? {
              sizeBytes: s.audioSizeBytes,
              contentType: s.audioContentType,
              sha256: s.audioSha256,
              durationMs: s.audioDurationMs,
            }
          : null,
      analysisJob: job,
      analysisResult: result,
    };
  });

  const timeline: TimelineEntry[] = audit.map((e) => ({
    at: e.createdAt,
    event: e.action,
    subject: e.subject,
    actor: person(e.actorId),
    detail:
      e.detail !== null && typeof e.detail === 'object' && !Array.isArray(e.detail)
        ? (e.detail as Record<string, unknown>)
        : {},
  }));
  // What no person did, so no audit entry says: the upload arriving, the provider's work.
  for (const r of recordings) {
    const subject = `recording_session:${r.id}`;
    if (r.uploadedAt)
      timeline.push({
        at: r.uploadedAt,
        event: 'recording.uploaded',
        subject,
        actor: null,
        detail: { sizeBytes: r.audio?.sizeBytes ?? null },
      });
    if (r.analysisJob?.submittedAt)
      timeline.push({
        at: r.analysisJob.submittedAt,
        event: 'analysis.submitted',
        subject,
        actor: null,
        detail: { analysisJobId: r.analysisJob.id },
      });
    if (r.analysisJob?.completedAt)
      timeline.push({
        at: r.analysisJob.completedAt,
        event: `analysis.${r.analysisJob.status.toLowerCase()}`,
        subject,
        actor: null,
        detail: {
          analysisJobId: r.analysisJob.id,
          suggestedOutcome: r.analysisResult?.suggestedOutcome ?? null,
        },
      });
  }
  timeline.sort((x, y) => x.at.getTime() - y.at.getTime());

  return {
    appointment,
    lead,
    assignments: assignmentRows.map((a) => ({
      id: a.id,
      rep: person(a.repId),
      assignedBy: person(a.assignedById),
      active: a.active,
      createdAt: a.createdAt,
      endedAt: a.endedAt,
      endedBy: person(a.endedById),
      endReason: a.endReason,
    })),
    recordings,
    timeline,
  };
}
