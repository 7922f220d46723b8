import { z } from 'zod';
import { createTRPCRouter, staffProcedure } from '../init';
import {
  createContact,
  createContactInput,
  deleteContact,
  getContact,
  getContactImport,
  listContactImports,
  listContacts,
  listContactsInput,
  optIn,
  optOut,
  updateContact,
  updateContactInput,
} from '../../domain/contacts';

const byId = z.object({ id: z.uuid() });

export const contactsRouter = createTRPCRouter({
  list: staffProcedure
    .input(listContactsInput)
    .query(({ ctx, input }) => listContacts(ctx.tx, input)),
  get: staffProcedure.input(byId).query(({ ctx, input }) => getContact(ctx.tx, { id: input.id })),
  create: staffProcedure
    .input(createContactInput)
    .mutation(({ ctx, input }) => createContact(ctx.tx, { ...input, actor: ctx.actor })),
  update: staffProcedure
    .input(updateContactInput)
    .mutation(({ ctx, input }) => updateContact(ctx.tx, { ...input, actor: ctx.actor })),
  delete: staffProcedure
    .input(byId)
    .mutation(({ ctx, input }) => deleteContact(ctx.tx, { id: input.id, actor: ctx.actor })),
  /** Staff record an opt-out someone asked for by phone or email; idempotent. */
  optOut: staffProcedure
    .input(byId)
    .mutation(({ ctx, input }) =>
      optOut(ctx.tx, { id: input.id, source: `console:${ctx.principal.userId}`, actor: ctx.actor }),
    ),
  optIn: staffProcedure
    .input(byId)
    .mutation(({ ctx, input }) =>
      optIn(ctx.tx, { id: input.id, source: `console:${ctx.principal.userId}`, actor: ctx.actor }),
    ),
  imports: staffProcedure
    .input(
      z
        .object({
          limit: z.number().int().min(1).max(100).default(20),
          cursor: z.uuid().optional(),
        })
        .default({ limit: 20 }),
    )
    .query(({ ctx, input }) => listContactImports(ctx.tx, input)),
  importDetail: staffProcedure
    .input(byId)
    .query(({ ctx, input }) => getContactImport(ctx.tx, { id: input.id })),
});
