// Leads one at a time: create (for an existing contact or with a new one), read, list, update.
// A lead's status changes only through set-status.ts (a person), apply-analysis-outcome.ts
// (analysis) and booking an appointment (the system); every change here is audited.
import type { Tx } from '../../db/tx';
import type { Prisma } from '../../db/generated/client';
import type { Actor } from '../audit/actor';
import { recordAudit } from '../audit/record';
import { NotFoundError } from '../errors';
import { createContact } from '../contacts';
import { setRecordingConsent } from './recording-consent';
import {
  leadSelect,
  type CreateLeadInput,
  type ListLeadsInput,
  type UpdateLeadInput,
} from './fields';

type LeadRow = Prisma.LeadGetPayload<{ select: typeof leadSelect }>;
export type LeadContact = { id: string; name: string | null; phone: string; email: string | null };
export type LeadView = Omit<LeadRow, 'contactId'> & { contact: LeadContact };

const contactFields = { id: true, name: true, phone: true, email: true } as const;

async function withContacts(tx: Tx, rows: LeadRow[]): Promise<LeadView[]> {
  const ids = [...new Set(rows.map((r) => r.contactId))];
  const contacts = new Map(
    (await tx.contact.findMany({ where: { id: { in: ids } }, select: contactFields })).map((c) => [
      c.id,
      c,
    ]),
  );
  return rows.map(({ contactId, ...lead }) => ({
    ...lead,
    // The foreign key keeps the contact; the fallback only types the impossible case.
    contact: contacts.get(contactId) ?? { id: contactId, name: null, phone: '', email: null },
  }));
}

export async function getLead(tx: Tx, { id }: { id: string }): Promise<LeadView> {
  const row = await tx.lead.findUnique({ where: { id }, select: leadSelect });
  if (!row) throw new NotFoundError('lead not found');
  return (await withContacts(tx, [row]))[0]!;
}

export async function createLead(
  tx: Tx,
  { actor, ...input }: CreateLeadInput & { actor: Actor },
): Promise<LeadView> {
  let contactId = input.contactId;
  if (contactId) {
    const existing = await tx.contact.findUnique({
      where: { id: contactId },
      select: { id: true },
    });
    if (!existing) throw new NotFoundError('contact not found');
  } else {
    contactId = (await createContact(tx, { ...input.contact!, actor })).id;
  }
  const lead = await tx.lead.create({
    data: {
      tenantId: actor.tenantId,
      contactId,
      source: input.source,
      notes: input.notes ?? null,
      createdById: actor.userId,
    },
    select: { id: true },
  });
  // Audit details name fields, never a person's data.
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorId: actor.userId,
    action: 'lead.created',
    subject: `lead:${lead.id}`,
    detail: { source: input.source, contactId, newContact: input.contactId === undefined },
  });
  if (input.recordingConsent !== undefined)
    await setRecordingConsent(tx, actor, { leadId: lead.id, granted: input.recordingConsent });
  return getLead(tx, { id: lead.id });
}

export async function updateLead(
  tx: Tx,
  { actor, ...input }: UpdateLeadInput & { actor: Actor },
): Promise<LeadView> {
  const updated = await tx.lead.updateMany({
    where: { id: input.id },
    data: { source: input.source, notes: input.notes },
  });
  if (updated.count === 0) throw new NotFoundError('lead not found');
  const fields = Object.entries(input)
    .filter(([name, value]) => name !== 'id' && value !== undefined)
    .map(([name]) => name);
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorId: actor.userId,
    action: 'lead.updated',
    subject: `lead:${input.id}`,
    detail: { fields },
  });
  if (input.recordingConsent !== undefined)
    await setRecordingConsent(tx, actor, { leadId: input.id, granted: input.recordingConsent });
  return getLead(tx, { id: input.id });
}

function searchWhere(search: string | undefined): Prisma.ContactWhereInput | undefined {
  if (!search) return undefined;
  const digits = search.replace(/[^0-9]/g, '');
  const or: Prisma.ContactWhereInput[] = [
    { name: { contains: search, mode: 'insensitive' } },
    { email: { contains: search.toLowerCase() } },
  ];
  if (digits.length >= 3) or.push({ phone: { contains: digits.replace(/^0+/, '') } });
  return { OR: or };
}

/** Newest first, (created_at, id) cursor. */
export async function listLeads(tx: Tx, filter: ListLeadsInput) {
  const contactWhere = searchWhere(filter.search);
  const contactIds = contactWhere
    ? (await tx.contact.findMany({ where: contactWhere, select: { id: true }, take: 1000 })).map(
        (c) => c.id,
      )
    : undefined;
  const rows = await tx.lead.findMany({
    where: {
      status: filter.status,
      source: filter.source,
      contactId: contactIds ? { in: contactIds } : undefined,
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: filter.limit + 1,
    ...(filter.cursor ? { cursor: { id: filter.cursor }, skip: 1 } : {}),
    select: leadSelect,
  });
  const page = rows.slice(0, filter.limit);
  return {
    items: await withContacts(tx, page),
    nextCursor: rows.length > filter.limit ? (page[page.length - 1]?.id ?? null) : null,
  };
}
