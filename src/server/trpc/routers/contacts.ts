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
  get: staffProcedure.input(byId).query(({ ctx, input }) => getContact(ctx.tx, input.id)),
  create: staffProcedure
    .input(createContactInput)
    .mutation(({ ctx, input }) =>
      createContact(ctx.tx, { tenantId: ctx.tenantId, actorId: ctx.principal.userId }, input),
    ),
  update: staffProcedure
    .input(updateContactInput)
    .mutation(({ ctx, input }) =>
      updateContact(ctx.tx, { tenantId: ctx.tenantId, actorId: ctx.principal.userId }, input),
    ),
  delete: staffProcedure
    .input(byId)
    .mutation(({ ctx, input }) =>
      deleteContact(ctx.tx, { tenantId: ctx.tenantId, actorId: ctx.principal.userId }, input.id),
    ),
  /** Staff record an opt-out someone asked for by phone or email; idempotent. */
  optOut: staffProcedure.input(byId).mutation(({ ctx, input }) =>
    optOut(ctx.tx, {
      tenantId: ctx.tenantId,
      id: input.id,
      source: `console:${ctx.principal.userId}`,
      actorId: ctx.principal.userId,
    }),
  ),
  optIn: staffProcedure.input(byId).mutation(({ ctx, input }) =>
    optIn(ctx.tx, {
      tenantId: ctx.tenantId,
      id: input.id,
      source: `console:${ctx.principal.userId}`,
      actorId: ctx.principal.userId,
    }),
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
    .query(({ ctx, input }) => getContactImport(ctx.tx, input.id)),
});
