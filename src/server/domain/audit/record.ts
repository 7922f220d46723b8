import type { Tx } from '../../db/tx';
import type { Prisma } from '../../db/generated/client';

export type AuditInput = {
  tenantId: string;
  actorId?: string | null;
  action: string;
  subject: string;
  detail?: Prisma.InputJsonValue;
};

/** Append-only trail of what was done, by whom, to what. Written in the same transaction as the change. */
export async function recordAudit(tx: Tx, input: AuditInput): Promise<void> {
  await tx.auditEntry.create({
    data: {
      tenantId: input.tenantId,
      actorId: input.actorId ?? null,
      action: input.action,
      subject: input.subject,
      detail: input.detail ?? {},
    },
  });
}
