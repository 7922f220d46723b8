// The board as the page draws it: appointments.list's answer with its times as Dates (over tRPC
// without a transformer they arrive as ISO strings, whatever the inferred type says).
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/trpc/root';

type Outputs = inferRouterOutputs<AppRouter>;
type WireBoard = Outputs['appointments']['list'];
type WireAppointment = WireBoard['unassigned'][number];

export type BoardAppointment = Omit<WireAppointment, 'startsAt' | 'endsAt'> & {
  startsAt: Date;
  endsAt: Date;
};
export type BoardRep = {
  id: string;
  name: string | null;
  email: string;
  appointments: BoardAppointment[];
};
export type BoardModel = {
  reps: BoardRep[];
  unassigned: BoardAppointment[];
  truncated: boolean;
  /** A visit is under way somewhere on the board: worth polling for. */
  isLive: boolean;
};

const withDates = (a: WireAppointment): BoardAppointment => ({
  ...a,
  startsAt: new Date(a.startsAt),
  endsAt: new Date(a.endsAt),
});

export function toBoard(wire: WireBoard): BoardModel {
  const reps = wire.reps.map((row) => ({
    id: row.rep.id,
    name: row.rep.name,
    email: row.rep.email,
    appointments: row.appointments.map(withDates),
  }));
  const unassigned = wire.unassigned.map(withDates);
  return {
    reps,
    unassigned,
    truncated: wire.truncated,
    isLive: reps.some((r) => r.appointments.some((a) => a.status === 'IN_PROGRESS')),
  };
}
