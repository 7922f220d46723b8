// SMS opt-out (STOP) and opt back in (START). Opt-out is independent of marketing consent: an
// opted-out number is never messaged whatever its consent says, and only opting in lifts it.
// Both are idempotent: repeating one changes nothing and records nothing, so a redelivered
// keyword or a double click cannot move opted_out_at or write a second audit entry.
import type { Tx } from '../../db/tx';
import type { Actor } from '../audit/actor';
import { NotFoundError } from '../errors';
import { recordOptOutChange } from './consent';
import { contactSelect } from './fields';
import type { ContactView } from './contacts';

/** A contact named by id (console) or by E.164 number (inbound SMS). */
export type ContactRef = { id: string; phone?: undefined } | { phone: string; id?: undefined };

export type OptChangeInput = ContactRef & {
  /** The person in the console, or the system for an inbound STOP; its tenant is the contact's. */
  actor: Actor;
  /** Where the request came from: "sms:<MessageSid>", "console", ... (kept on the row and in the audit). */
  source: string;
};

export type OptChangeResult = { contact: ContactView | null; changed: boolean; created: boolean };

const SOURCE_MAX = 200;

/**
 * Marks the contact opted out. By phone, an unknown number becomes a new contact that is opted
 * out from the start (so a later import cannot message it); by id, an unknown id is NOT_FOUND.
 */
export async function optOut(tx: Tx, input: OptChangeInput): Promise<OptChangeResult> {
  const source = input.source.slice(0, SOURCE_MAX);
  let row: { id: string; created: boolean } | undefined;
  if (input.phone !== undefined) {
    // One statement: concurrent STOPs for a new number cannot both insert (unique tenant+phone).
    [row] = await tx.$queryRaw<{ id: string; created: boolean }[]>`
      INSERT INTO contacts (tenant_id, phone, opted_out, opted_out_at, opt_out_source)
      VALUES (${input.actor.tenantId}::uuid, ${input.phone}, true, now(), ${source})
      ON CONFLICT (tenant_id, phone) DO UPDATE
        SET opted_out = true, opted_out_at = now(), opt_out_source = EXCLUDED.opt_out_source, updated_at = now()
        WHERE contacts.opted_out = false
      RETURNING id, (xmax = 0) AS created`;
  } else {
    [row] = await tx.$queryRaw<{ id: string; created: boolean }[]>`
      UPDATE contacts SET opted_out = true, opted_out_at = now(), opt_out_source = ${source}, updated_at = now()
       WHERE id = ${input.id}::uuid AND opted_out = false
      RETURNING id, false AS created`;
  }
  if (row)
    await recordOptOutChange(tx, {
      actor: input.actor,
      contactId: row.id,
      optedOut: true,
      source,
      created: row.created,
    });
  const contact = await current(tx, input);
  if (!contact && input.id !== undefined) throw new NotFoundError('contact not found');
  return { contact, changed: row !== undefined, created: row?.created ?? false };
}

/** Lifts an opt-out. An unknown number has nothing to lift: no contact is created. */
export async function optIn(tx: Tx, input: OptChangeInput): Promise<OptChangeResult> {
  const source = input.source.slice(0, SOURCE_MAX);
  const rows =
    input.phone !== undefined
      ? await tx.$queryRaw<{ id: string }[]>`
          UPDATE contacts SET opted_out = false, opted_out_at = NULL, opt_out_source = NULL, updated_at = now()
           WHERE tenant_id = ${input.actor.tenantId}::uuid AND phone = ${input.phone} AND opted_out = true
          RETURNING id`
      : await tx.$queryRaw<{ id: string }[]>`
          UPDATE contacts SET opted_out = false, opted_out_at = NULL, opt_out_source = NULL, updated_at = now()
           WHERE id = ${input.id}::uuid AND opted_out = true
          RETURNING id`;
  const row = rows[0];
  if (row)
    await recordOptOutChange(tx, {
      actor: input.actor,
      contactId: row.id,
      optedOut: false,
      source,
    });
  const contact = await current(tx, input);
  if (!contact && input.id !== undefined) throw new NotFoundError('contact not found');
  return { contact, changed: row !== undefined, created: false };
}

async function current(tx: Tx, ref: OptChangeInput): Promise<ContactView | null> {
  if (ref.id !== undefined)
    return tx.contact.findUnique({ where: { id: ref.id }, select: contactSelect });
  return tx.contact.findUnique({
    where: { tenantId_phone: { tenantId: ref.actor.tenantId, phone: ref.phone } },
    select: contactSelect,
  });
}
