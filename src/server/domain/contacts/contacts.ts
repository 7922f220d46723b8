// Contacts one at a time: create, read, list, update, delete. Phone is the identity within a
// tenant (unique in the database); consent changes are audited. Opt-out has its own module.
import type { Tx } from '../../db/tx';
import type { Prisma } from '../../db/generated/client';
import { ConflictError, NotFoundError } from '../errors';
import { recordAudit } from '../audit/record';
import type { Actor } from '../audit/actor';
import { recordConsentChange } from './consent';
import { duplicatePhoneError, isUniqueViolation } from './errors';
import {
  contactSelect,
  type CreateContactInput,
  type ListContactsInput,
  type UpdateContactInput,
} from './fields';

export type ContactView = Prisma.ContactGetPayload<{ select: typeof contactSelect }>;

const CONSOLE_SOURCE = 'console';

export async function createContact(
  tx: Tx,
  { actor, ...input }: CreateContactInput & { actor: Actor },
): Promise<ContactView> {
  const now = new Date();
  const hasConsent = input.consent !== 'UNKNOWN';
  let contact: ContactView;
  try {
    contact = await tx.contact.create({
      data: {
        tenantId: actor.tenantId,
        phone: input.phone,
        name: input.name ?? null,
        email: input.email ?? null,
        tags: input.tags,
        consent: input.consent,
        consentUpdatedAt: hasConsent ? now : null,
        consentSource: hasConsent ? CONSOLE_SOURCE : null,
      },
      select: contactSelect,
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicatePhoneError();
    throw error;
  }
  // Audit details name fields, never their values: entries are permanent, a person may not be.
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorId: actor.userId,
    action: 'contact.created',
    subject: `contact:${contact.id}`,
    detail: { consent: contact.consent, tags: contact.tags.length },
  });
  if (hasConsent)
    await recordConsentChange(tx, {
      actor,
      contactId: contact.id,
      from: null,
      to: input.consent,
      source: CONSOLE_SOURCE,
    });
  return contact;
}

export async function getContact(tx: Tx, { id }: { id: string }): Promise<ContactView> {
  const contact = await tx.contact.findUnique({ where: { id }, select: contactSelect });
  if (!contact) throw new NotFoundError('contact not found');
  return contact;
}

/** Looks a contact up by its E.164 number (inbound messages, campaign previews). */
export async function findContactByPhone(
  tx: Tx,
  { tenantId, phone }: { tenantId: string; phone: string },
): Promise<ContactView | null> {
  return tx.contact.findUnique({
    where: { tenantId_phone: { tenantId, phone } },
    select: contactSelect,
  });
}

function searchWhere(search: string | undefined): Prisma.ContactWhereInput | undefined {
  if (!search) return undefined;
  const digits = search.replace(/[^0-9]/g, '');
  const or: Prisma.ContactWhereInput[] = [
    { name: { contains: search, mode: 'insensitive' } },
    { email: { contains: search.toLowerCase() } },
  ];
  // "0151 123" or "+49 151" find the number however it was typed (stored as +49151…).
  if (digits.length >= 3) or.push({ phone: { contains: digits.replace(/^0+/, '') } });
  return { OR: or };
}

/** Newest first, (created_at, id) cursor. The console shows full numbers to staff; logs mask them. */
export async function listContacts(tx: Tx, filter: ListContactsInput) {
  const rows = await tx.contact.findMany({
    where: {
      ...searchWhere(filter.search),
      tags: filter.tag ? { has: filter.tag } : undefined,
      consent: filter.consent,
      optedOut: filter.optedOut,
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: filter.limit + 1,
    ...(filter.cursor ? { cursor: { id: filter.cursor }, skip: 1 } : {}),
    select: contactSelect,
  });
  const items = rows.slice(0, filter.limit);
  return {
    items,
    nextCursor: rows.length > filter.limit ? (items[items.length - 1]?.id ?? null) : null,
  };
}

export async function updateContact(
  tx: Tx,
  { actor, ...input }: UpdateContactInput & { actor: Actor },
): Promise<ContactView> {
  // Row lock: two concurrent edits of the consent field each record the change they saw.
  const locked = await tx.$queryRaw<
    { consent: ContactView['consent'] }[]
  >`SELECT consent::text AS consent FROM contacts WHERE id = ${input.id}::uuid FOR UPDATE`;
  const before = locked[0];
  if (!before) throw new NotFoundError('contact not found');
  const consentChanged = input.consent !== undefined && input.consent !== before.consent;
  let contact: ContactView;
  try {
    contact = await tx.contact.update({
      where: { id: input.id },
      data: {
        phone: input.phone,
        name: input.name,
        email: input.email,
        tags: input.tags,
        ...(consentChanged
          ? { consent: input.consent, consentUpdatedAt: new Date(), consentSource: CONSOLE_SOURCE }
          : {}),
      },
      select: contactSelect,
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicatePhoneError();
    throw error;
  }
  const fields = Object.entries(input)
    .filter(([name, value]) => name !== 'id' && value !== undefined)
    .map(([name]) => name);
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorId: actor.userId,
    action: 'contact.updated',
    subject: `contact:${contact.id}`,
    detail: { fields },
  });
  if (consentChanged)
    await recordConsentChange(tx, {
      actor,
      contactId: contact.id,
      from: before.consent,
      to: contact.consent,
      source: CONSOLE_SOURCE,
    });
  return contact;
}

/**
 * An opted-out contact is not deleted: its row is what keeps a re-import or a new campaign from
 * texting a number that sent STOP (the opt-out must outlive the contact record).
 */
export async function deleteContact(
  tx: Tx,
  { actor, id }: { actor: Actor; id: string },
): Promise<{ id: string; deleted: true }> {
  const deleted = await tx.contact.deleteMany({ where: { id, optedOut: false } });
  if (deleted.count === 0) {
    const existing = await tx.contact.findUnique({ where: { id }, select: { optedOut: true } });
    if (!existing) throw new NotFoundError('contact not found');
    throw new ConflictError(
      'this contact opted out of SMS; it is kept so the opt-out stays honoured if the number is imported again',
    );
  }
  // No phone in the audit detail: the point of deleting may be to forget the person.
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorId: actor.userId,
    action: 'contact.deleted',
    subject: `contact:${id}`,
  });
  return { id, deleted: true };
}
