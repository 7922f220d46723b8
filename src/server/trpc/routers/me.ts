import { createTRPCRouter, tenantProcedure } from '../init';
import { getSignedInProfile } from '../../domain/members/profile';

export const meRouter = createTRPCRouter({
  get: tenantProcedure.query(({ ctx }) => getSignedInProfile(ctx.tx, { principal: ctx.principal })),
});
