// The people of a workspace: everyone may list them; admins invite, change roles and remove.
import { z } from 'zod';
import { adminProcedure, createTRPCRouter, tenantProcedure } from '../init';
import { changeMemberRole, listMembers, removeMember } from '../../domain/members/members';
import {
  createInvitation,
  listInvitations,
  revokeInvitation,
} from '../../domain/members/invitations';
import { emailSchema } from '@/lib/schemas/common';
import { invitableRoleSchema, roleSchema } from '@/lib/schemas/account';

export const inviteMemberInput = z.object({ email: emailSchema, role: invitableRoleSchema });
const membershipIdInput = z.object({ membershipId: z.uuid('not a member id') });

export const membersRouter = createTRPCRouter({
  list: tenantProcedure.query(({ ctx }) => listMembers(ctx.tx)),
  /**
   * Always an invitation, never a login made for someone: the answer is the same whether or not
   * the address has a login in another workspace (that person accepts by signing in).
   */
  invite: adminProcedure
    .input(inviteMemberInput)
    .mutation(({ ctx, input }) => createInvitation(ctx.tx, { ...input, actor: ctx.actor })),
  invitations: adminProcedure.query(({ ctx }) => listInvitations(ctx.tx)),
  revokeInvitation: adminProcedure
    .input(z.object({ id: z.uuid('not an invitation id') }))
    .mutation(({ ctx, input }) => revokeInvitation(ctx.tx, { ...input, actor: ctx.actor })),
  changeRole: adminProcedure
    .input(membershipIdInput.extend({ role: roleSchema }))
    .mutation(({ ctx, input }) => changeMemberRole(ctx.tx, { ...input, actor: ctx.actor })),
  remove: adminProcedure
    .input(membershipIdInput)
    .mutation(({ ctx, input }) => removeMember(ctx.tx, { ...input, actor: ctx.actor })),
});
