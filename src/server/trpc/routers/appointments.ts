// Appointments: the board, one appointment in full, booking, and assigning reps. Assign, unassign
// and cancel need an Idempotency-Key (a retried click has one effect and gets the same answer);
// the domain takes withLock('appointment:assign:<id>') and the database's constraints decide
// races. Office work (STAFF and above), except `get`, which a REP may call for an appointment
// they hold.
import { createTRPCRouter, idempotency, schedulingProcedure, tenantProcedure } from '../init';
import {
  appointmentIdInput,
  assignAppointment,
  assignInput,
  boardInput,
  cancelAppointment,
  createAppointment,
  createAppointmentInput,
  getAppointmentDetail,
  getBoard,
  listReps,
  previewClashes,
  unassignAppointment,
} from '../../domain/appointments';

export const appointmentsRouter = createTRPCRouter({
  /** The board for [from, to): one row per rep and the unassigned queue. */
  list: schedulingProcedure.input(boardInput).query(({ ctx, input }) => getBoard(ctx.tx, input)),
  get: tenantProcedure
    .input(appointmentIdInput)
    .query(({ ctx, input }) =>
      getAppointmentDetail(ctx.tx, { actor: ctx.actor, appointmentId: input.appointmentId }),
    ),
  reps: schedulingProcedure.query(({ ctx }) => listReps(ctx.tx)),
  /** What assigning would clash with, for the form to show before saving. */
  clashes: schedulingProcedure
    .input(assignInput)
    .query(({ ctx, input }) => previewClashes(ctx.tx, input)),
  create: schedulingProcedure
    .use(idempotency())
    .input(createAppointmentInput)
    .mutation(({ ctx, input }) => createAppointment(ctx.tx, { ...input, actor: ctx.actor })),
  /** CONFLICT naming the clashing appointment (details.clashes) when the rep is busy then. */
  assign: schedulingProcedure
    .use(idempotency({ required: true }))
    .input(assignInput)
    .mutation(({ ctx, input }) => assignAppointment(ctx.tx, { ...input, actor: ctx.actor })),
  unassign: schedulingProcedure
    .use(idempotency({ required: true }))
    .input(appointmentIdInput)
    .mutation(({ ctx, input }) => unassignAppointment(ctx.tx, { ...input, actor: ctx.actor })),
  cancel: schedulingProcedure
    .use(idempotency({ required: true }))
    .input(appointmentIdInput)
    .mutation(({ ctx, input }) => cancelAppointment(ctx.tx, { ...input, actor: ctx.actor })),
});
