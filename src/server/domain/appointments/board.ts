// The scheduling board: the appointments overlapping [from, to), one row per rep with what they
// hold, and the queue of appointments nobody holds yet. Cancelled appointments are left off.
import type { Tx } from '../../db/tx';
import type { BoardInput } from './fields';
import { listReps, type RepView } from './reps';
import { appointmentFields, summarize, type AppointmentSummary } from './views';

/** A board is a screenful; past this it says it was cut short rather than load without end. */
const BOARD_LIMIT = 1000;

export type Board = {
  from: Date;
  to: Date;
  reps: { rep: RepView; appointments: AppointmentSummary[] }[];
  unassigned: AppointmentSummary[];
  truncated: boolean;
};

export async function getBoard(tx: Tx, { from, to }: BoardInput): Promise<Board> {
  const [rows, reps] = await Promise.all([
    tx.appointment.findMany({
      where: { startsAt: { lt: to }, endsAt: { gt: from }, status: { not: 'CANCELLED' } },
      orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
      take: BOARD_LIMIT + 1,
      select: appointmentFields,
    }),
    listReps(tx),
  ]);
  const appointments = await summarize(tx, rows.slice(0, BOARD_LIMIT));
  const byRep = new Map<string, { rep: RepView; appointments: AppointmentSummary[] }>(
    reps.map((rep) => [rep.id, { rep, appointments: [] }]),
  );
  const unassigned: AppointmentSummary[] = [];
  for (const appointment of appointments) {
    if (!appointment.rep) {
      unassigned.push(appointment);
      continue;
    }
    // A holder who is no longer a REP (role changed) still shows with what they hold.
    let row = byRep.get(appointment.rep.id);
    if (!row) {
      row = { rep: appointment.rep, appointments: [] };
      byRep.set(appointment.rep.id, row);
    }
    row.appointments.push(appointment);
  }
  return {
    from,
    to,
    reps: [...byRep.values()],
    unassigned,
    truncated: rows.length > BOARD_LIMIT,
  };
}
