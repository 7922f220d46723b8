// Leads: the people field sales visit, with where they came from and how far they got. Office
// work on customer data, so STAFF and above; a status set here is a person's and analysis never
// overwrites it.
import { z } from 'zod';
import { createTRPCRouter, idempotency, schedulingProcedure } from '../init';
import {
  createLead,
  createLeadInput,
  getLead,
  listLeads,
  listLeadsInput,
  setLeadStatusByPerson,
  setLeadStatusInput,
  updateLead,
  updateLeadInput,
} from '../../domain/leads';

export const leadsRouter = createTRPCRouter({
  list: schedulingProcedure
    .input(listLeadsInput)
    .query(({ ctx, input }) => listLeads(ctx.tx, input)),
  get: schedulingProcedure
    .input(z.object({ id: z.uuid('not a lead id') }))
    .query(({ ctx, input }) => getLead(ctx.tx, { id: input.id })),
  create: schedulingProcedure
    .use(idempotency())
    .input(createLeadInput)
    .mutation(({ ctx, input }) => createLead(ctx.tx, { ...input, actor: ctx.actor })),
  update: schedulingProcedure
    .input(updateLeadInput)
    .mutation(({ ctx, input }) => updateLead(ctx.tx, { ...input, actor: ctx.actor })),
  setStatus: schedulingProcedure
    .input(setLeadStatusInput)
    .mutation(({ ctx, input }) => setLeadStatusByPerson(ctx.tx, { ...input, actor: ctx.actor })),
});
