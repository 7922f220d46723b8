// Recorded visits: start and stop (Idempotency-Key required: a phone retrying over a bad network
// gets the first answer), read one, list an appointment's. The audio itself arrives over
// POST /api/v1/recordings/<id>/audio (a streamed body, which tRPC cannot take).
import { z } from 'zod';
import { createTRPCRouter, idempotency, tenantProcedure } from '../init';
import {
  getRecordingSession,
  listRecordingSessions,
  startRecording,
  stopRecording,
} from '../../domain/recordings';

const byAppointment = z.object({ appointmentId: z.uuid('not an appointment id') });
const bySession = z.object({ sessionId: z.uuid('not a recording session id') });

export const recordingsRouter = createTRPCRouter({
  /** Opens the appointment's recording (or answers the one already open). 412 without consent. */
  start: tenantProcedure
    .use(idempotency({ required: true }))
    .input(byAppointment)
    .mutation(({ ctx, input }) =>
      startRecording(ctx.tx, { actor: ctx.actor, appointmentId: input.appointmentId }),
    ),
  /** Ends the session from any state; without audio it ends ABANDONED. */
  stop: tenantProcedure
    .use(idempotency({ required: true }))
    .input(bySession)
    .mutation(({ ctx, input }) =>
      stopRecording(ctx.tx, { actor: ctx.actor, sessionId: input.sessionId }),
    ),
  get: tenantProcedure
    .input(bySession)
    .query(({ ctx, input }) =>
      getRecordingSession(ctx.tx, { actor: ctx.actor, sessionId: input.sessionId }),
    ),
  list: tenantProcedure
    .input(byAppointment)
    .query(({ ctx, input }) =>
      listRecordingSessions(ctx.tx, { actor: ctx.actor, appointmentId: input.appointmentId }),
    ),
});
