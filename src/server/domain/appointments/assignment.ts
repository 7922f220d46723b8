// Assigning an appointment to a rep, taking it back, cancelling it. Each runs inside
// withLock('appointment:assign:<id>'), so changes to one appointment happen one at a time and the
// calendar read before the write is the one the write is judged against; two different
// appointments racing for one rep's time are decided by the database: the exclusion constraint
// (23P01) keeps a rep off two overlapping live appointments, the partial unique index (23505) one
// active assignment per appointment. Either answers CONFLICT naming the clashing appointment.
// History is kept: an assignment is ended (when, by whom, why), never deleted.
import type { Tx } from '../../db/tx';
import type { AppointmentStatus, AssignmentEndReason } from '../../db/generated/client';
import { withLock } from '../../db/lock';
import type { Actor } from '../audit/actor';
import { recordAudit } from '../audit/record';
import { ConflictError, NotFoundError } from '../errors';
import { AppointmentClashError, findRepClashes, sqlStateOf } from './clashes';
import { asRep, requireRep, type RepView } from './reps';
import { readAssignContext } from './assign-context';

export const assignLockKey = (appointmentId: string) => `appointment:assign:${appointmentId}`;

/** Appointments past these are settled: nobody is assigned, unassigned or cancelled any more. */
const SETTLED: readonly AppointmentStatus[] = ['COMPLETED', 'CANCELLED', 'NO_SHOW'];

export type AssignmentResult = {
  appointmentId: string;
  status: AppointmentStatus;
  assignmentId: string | null;
  rep: RepView | null;
  previousRepId: string | null;
  /** False when the call found it already so (same rep, already cancelled): nothing written. */
  changed: boolean;
};

/** The appointment and its active assignment, in one round trip (read under the lock). */
async function lockedAppointment(tx: Tx, appointmentId: string) {
  const rows = await tx.$queryRaw<
    {
      id: string;
      starts_at: Date;
      ends_at: Date;
      status: AppointmentStatus;
      assignment_id: string | null;
      rep_id: string | null;
    }[]
  >`SELECT a.id, a.starts_at, a.ends_at, a.status, aa.id AS assignment_id, aa.rep_id
    FROM appointments a
    LEFT JOIN appointment_assignments aa ON aa.appointment_id = a.id AND aa.active
    WHERE a.id = ${appointmentId}::uuid`;
  const row = rows[0];
  if (!row) throw new NotFoundError('appointment not found');
  return {
    appointment: { id: row.id, startsAt: row.starts_at, endsAt: row.ends_at, status: row.status },
    active: row.assignment_id && row.rep_id ? { id: row.assignment_id, repId: row.rep_id } : null,
  };
}

async function endAssignment(
  tx: Tx,
  actor: Actor,
  assignmentId: string,
  reason: AssignmentEndReason,
): Promise<void> {
  await tx.appointmentAssignment.update({
    where: { id: assignmentId },
    data: { active: false, endedAt: new Date(), endedById: actor.userId, endReason: reason },
  });
}

/**
 * Inserts the assignment under a savepoint: a constraint violation aborts only the savepoint, so
 * the clashing appointment can still be read and named before the whole transaction rolls back.
 */
async function insertAssignment(
  tx: Tx,
  actor: Actor,
  appointment: { id: string; startsAt: Date; endsAt: Date },
  repId: string,
): Promise<string> {
  await tx.$executeRawUnsafe('SAVEPOINT appointment_assign');
  try {
    const created = await tx.appointmentAssignment.create({
      data: {
        tenantId: actor.tenantId,
        appointmentId: appointment.id,
        startsAt: appointment.startsAt,
        endsAt: appointment.endsAt,
        repId,
        assignedById: actor.userId,
      },
      select: { id: true },
    });
    await tx.$executeRawUnsafe('RELEASE SAVEPOINT appointment_assign');
    return created.id;
  } catch (error) {
    const state = sqlStateOf(error);
    if (state !== '23P01' && state !== '23505') throw error;
    await tx.$executeRawUnsafe('ROLLBACK TO SAVEPOINT appointment_assign');
    if (state === '23505')
      throw new ConflictError('the appointment was assigned by someone else just now; reload it');
    throw new AppointmentClashError(
      await findRepClashes(tx, { ...appointment, repId, exceptAppointmentId: appointment.id }),
    );
  }
}

export async function assignAppointment(
  tx: Tx,
  { actor, appointmentId, repId }: { actor: Actor; appointmentId: string; repId: string },
): Promise<AssignmentResult> {
  return withLock(tx, assignLockKey(appointmentId), async () => {
    // The calendar as it stands; a racing assignment the read cannot see yet is the constraint's.
    const { appointment, active, member, clashes } = await readAssignContext(tx, {
      appointmentId,
      repId,
    });
    if (SETTLED.includes(appointment.status) || appointment.status === 'IN_PROGRESS')
      throw new ConflictError(
        `the appointment is ${appointment.status}; only scheduled or assigned appointments can be assigned`,
      );
    const rep = asRep(member);
    if (active?.repId === repId)
      return {
        appointmentId,
        status: appointment.status,
        assignmentId: active.id,
        rep,
        previousRepId: null,
        changed: false,
      };
    if (clashes.length > 0) throw new AppointmentClashError(clashes);
    if (active) await endAssignment(tx, actor, active.id, 'REASSIGNED');
    const assignmentId = await insertAssignment(tx, actor, appointment, repId);
    await tx.appointment.update({ where: { id: appointmentId }, data: { status: 'ASSIGNED' } });
    await recordAudit(tx, {
      tenantId: actor.tenantId,
      actorId: actor.userId,
      action: active ? 'appointment.reassigned' : 'appointment.assigned',
      subject: `appointment:${appointmentId}`,
      detail: { assignmentId, repId, previousRepId: active?.repId ?? null },
    });
    return {
      appointmentId,
      status: 'ASSIGNED',
      assignmentId,
      rep,
      previousRepId: active?.repId ?? null,
      changed: true,
    };
  });
}

export async function unassignAppointment(
  tx: Tx,
  { actor, appointmentId }: { actor: Actor; appointmentId: string },
): Promise<AssignmentResult> {
  return withLock(tx, assignLockKey(appointmentId), async () => {
    const { appointment, active } = await lockedAppointment(tx, appointmentId);
    if (appointment.status === 'IN_PROGRESS' || SETTLED.includes(appointment.status))
      throw new ConflictError(
        `the appointment is ${appointment.status}; only an assigned appointment can be unassigned`,
      );
    if (!active)
      return {
        appointmentId,
        status: appointment.status,
        assignmentId: null,
        rep: null,
        previousRepId: null,
        changed: false,
      };
    await endAssignment(tx, actor, active.id, 'UNASSIGNED');
    await tx.appointment.update({ where: { id: appointmentId }, data: { status: 'SCHEDULED' } });
    await recordAudit(tx, {
      tenantId: actor.tenantId,
      actorId: actor.userId,
      action: 'appointment.unassigned',
      subject: `appointment:${appointmentId}`,
      detail: { assignmentId: active.id, previousRepId: active.repId },
    });
    return {
      appointmentId,
      status: 'SCHEDULED',
      assignmentId: null,
      rep: null,
      previousRepId: active.repId,
      changed: true,
    };
  });
}

/** Cancelling ends the active assignment, so the rep's time is free again; history stays. */
export async function cancelAppointment(
  tx: Tx,
  { actor, appointmentId }: { actor: Actor; appointmentId: string },
): Promise<AssignmentResult> {
  return withLock(tx, assignLockKey(appointmentId), async () => {
    const { appointment, active } = await lockedAppointment(tx, appointmentId);
    const unchanged = {
      appointmentId,
      status: appointment.status,
      assignmentId: null,
      rep: null,
      previousRepId: null,
      changed: false,
    };
    if (appointment.status === 'CANCELLED') return unchanged;
    if (appointment.status !== 'SCHEDULED' && appointment.status !== 'ASSIGNED')
      throw new ConflictError(
        `the appointment is ${appointment.status}; only a scheduled or assigned appointment can be cancelled`,
      );
    if (active) await endAssignment(tx, actor, active.id, 'CANCELLED');
    await tx.appointment.update({ where: { id: appointmentId }, data: { status: 'CANCELLED' } });
    await recordAudit(tx, {
      tenantId: actor.tenantId,
      actorId: actor.userId,
      action: 'appointment.cancelled',
      subject: `appointment:${appointmentId}`,
      detail: { previousStatus: appointment.status, previousRepId: active?.repId ?? null },
    });
    return {
      ...unchanged,
      status: 'CANCELLED',
      previousRepId: active?.repId ?? null,
      changed: true,
    };
  });
}

/** The clash preview of assigning `appointmentId` to `repId`: what assign would refuse over. */
export async function previewClashes(
  tx: Tx,
  { appointmentId, repId }: { appointmentId: string; repId: string },
) {
  const appointment = await tx.appointment.findUnique({
    where: { id: appointmentId },
    select: { startsAt: true, endsAt: true },
  });
  if (!appointment) throw new NotFoundError('appointment not found');
  const rep = await requireRep(tx, repId);
  const clashes = await findRepClashes(tx, {
    repId,
    ...appointment,
    exceptAppointmentId: appointmentId,
  });
  return { rep, clashes };
}
