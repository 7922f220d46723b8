import { z } from 'zod';
import { adminProcedure, createTRPCRouter, tenantProcedure } from '../init';
import { addMember, listMembers } from '../../domain/members/members';
import { emailSchema, personNameSchema } from '@/lib/schemas/common';

export const addMemberInput = z.object({
  email: emailSchema,
  name: personNameSchema,
  role: z.enum(['ADMIN', 'STAFF', 'REP']),
  password: z.string().min(12, 'at least 12 characters').max(200),
});

export const membersRouter = createTRPCRouter({
  list: tenantProcedure.query(({ ctx }) => listMembers(ctx.tx)),
  add: adminProcedure
    .input(addMemberInput)
    .mutation(({ ctx, input }) => addMember(ctx.tx, { ...input, actor: ctx.actor })),
});
