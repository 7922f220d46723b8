// Reading the audit trail: newest first, filtered by who (a member), what (an action prefix such
// as "campaign." or "wallet.adjusted"), which object (a subject such as "campaign:<id>") and when.
import { z } from 'zod';
import type { Tx } from '../../db/tx';
import { dateInputSchema } from '@/lib/schemas/common';

export const listAuditEntriesInput = z
  .object({
    actorId: z.uuid('not a member id').optional(),
    /** "campaign." matches every campaign action; a whole action matches itself. */
    action: z.string().trim().min(1).max(100).optional(),
    subject: z.string().trim().min(1).max(200).optional(),
    from: dateInputSchema.optional(),
    to: dateInputSchema.optional(),
    limit: z.number().int().min(1).max(200).default(50),
    cursor: z.uuid().optional(),
  })
  .refine((f) => !f.from || !f.to || f.from < f.to, {
    message: 'From must be before To',
    path: ['from'],
  });
export type ListAuditEntriesInput = z.output<typeof listAuditEntriesInput>;

export type AuditEntryView = {
  id: string;
  action: string;
  subject: string;
  detail: Record<string, unknown>;
  createdAt: Date;
  /** Null when nobody acted in person (a provider's payment, a keyword texted by a contact). */
  actor: { id: string; name: string | null; email: string | null } | null;
};

export async function listAuditEntries(tx: Tx, input: ListAuditEntriesInput) {
  const rows = await tx.auditEntry.findMany({
    where: {
      actorId: input.actorId,
      action: input.action ? { startsWith: input.action } : undefined,
      subject: input.subject,
      createdAt: input.from || input.to ? { gte: input.from, lt: input.to } : undefined,
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: input.limit + 1,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
    select: { id: true, actorId: true, action: true, subject: true, detail: true, createdAt: true },
  });
  const page = rows.slice(0, input.limit);
  // Names of people still visible to this tenant (RLS: its members); a former member shows by id.
  const actorIds = [...new Set(page.flatMap((r) => (r.actorId ? [r.actorId] : [])))];
  const people = new Map(
    (
      await tx.user.findMany({
        where: { id: { in: actorIds } },
        select: { id: true, name: true, email: true },
      })
    ).map((u) => [u.id, u]),
  );
  const items: AuditEntryView[] = page.map(({ actorId, detail, ...entry }) => ({
    ...entry,
    // Always an object when written by recordAudit; anything else reads as no detail.
    detail:
      detail !== null && typeof detail === 'object' && !Array.isArray(detail)
        ? (detail as Record<string, unknown>)
        : {},
    actor: actorId ? (people.get(actorId) ?? { id: actorId, name: null, email: null }) : null,
  }));
  return {
    items,
    nextCursor: rows.length > input.limit ? (page[page.length - 1]?.id ?? null) : null,
  };
}
