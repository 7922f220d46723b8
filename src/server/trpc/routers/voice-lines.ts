import { z } from 'zod';
import { adminProcedure, createTRPCRouter, staffProcedure } from '../init';
import {
  createVoiceLine,
  createVoiceLineInput,
  deleteVoiceLine,
  listVoiceLines,
  updateVoiceLine,
  updateVoiceLineInput,
} from '../../domain/calls';

export const voiceLinesRouter = createTRPCRouter({
  list: staffProcedure.query(({ ctx }) => listVoiceLines(ctx.tx)),
  create: adminProcedure
    .input(createVoiceLineInput)
    .mutation(({ ctx, input }) => createVoiceLine(ctx.tx, { ...input, actor: ctx.actor })),
  update: adminProcedure
    .input(updateVoiceLineInput)
    .mutation(({ ctx, input }) => updateVoiceLine(ctx.tx, { ...input, actor: ctx.actor })),
  delete: adminProcedure
    .input(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => deleteVoiceLine(ctx.tx, { id: input.id, actor: ctx.actor })),
});
