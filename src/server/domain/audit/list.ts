import type { Tx } from '../../db/tx';

export async function listAuditEntries(tx: Tx, options: { limit: number; action?: string }) {
  return tx.auditEntry.findMany({
    where: options.action ? { action: options.action } : {},
    orderBy: { createdAt: 'desc' },
    take: options.limit,
    select: { id: true, actorId: true, action: true, subject: true, detail: true, createdAt: true },
  });
}
