// The audit trail for tenant admins: who did what to which object, newest first.
import { adminProcedure, createTRPCRouter } from '../init';
import { listAuditEntries, listAuditEntriesInput } from '../../domain/audit/list';

export const auditRouter = createTRPCRouter({
  list: adminProcedure
    .input(listAuditEntriesInput)
    .query(({ ctx, input }) => listAuditEntries(ctx.tx, input)),
});
