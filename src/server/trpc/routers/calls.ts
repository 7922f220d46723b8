import { z } from 'zod';
import { createTRPCRouter, staffProcedure } from '../init';
import { getCall, listCalls, listCallsInput } from '../../domain/calls';

export const callsRouter = createTRPCRouter({
  list: staffProcedure.input(listCallsInput).query(({ ctx, input }) => listCalls(ctx.tx, input)),
  get: staffProcedure
    .input(z.object({ id: z.uuid() }))
    .query(({ ctx, input }) => getCall(ctx.tx, { id: input.id })),
});
