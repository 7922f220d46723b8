// How appointments are shown: the summary a board cell or list row needs (time, place, status,
// the lead's name, the rep holding it), read in a fixed number of queries for any page size.
import type { Tx } from '../../db/tx';
import type { AppointmentStatus, LeadStatus } from '../../db/generated/client';
import { NotFoundError } from '../errors';

export type AppointmentSummary = {
  id: string;
  startsAt: Date;
  endsAt: Date;
  address: string;
  notes: string | null;
  status: AppointmentStatus;
  createdAt: Date;
  lead: { id: string; status: LeadStatus; name: string | null; phone: string };
  rep: { id: string; name: string | null; email: string } | null;
};

const appointmentFields = {
  id: true,
  leadId: true,
  startsAt: true,
  endsAt: true,
  address: true,
  notes: true,
  status: true,
  createdAt: true,
} as const;

type AppointmentRow = {
  id: string;
  leadId: string;
  startsAt: Date;
  endsAt: Date;
  address: string;
  notes: string | null;
  status: AppointmentStatus;
  createdAt: Date;
};

export async function summarize(tx: Tx, rows: AppointmentRow[]): Promise<AppointmentSummary[]> {
  if (rows.length === 0) return [];
  const [leads, assignments] = await Promise.all([
    tx.lead.findMany({
      where: { id: { in: [...new Set(rows.map((r) => r.leadId))] } },
      select: { id: true, status: true, contactId: true },
    }),
    tx.appointmentAssignment.findMany({
      where: { appointmentId: { in: rows.map((r) => r.id) }, active: true },
      select: { appointmentId: true, repId: true },
    }),
  ]);
  const [contacts, reps] = await Promise.all([
    tx.contact.findMany({
      where: { id: { in: leads.map((l) => l.contactId) } },
      select: { id: true, name: true, phone: true },
    }),
    tx.user.findMany({
      where: { id: { in: [...new Set(assignments.map((a) => a.repId))] } },
      select: { id: true, name: true, email: true },
    }),
  ]);
  const contactById = new Map(contacts.map((c) => [c.id, c]));
  const leadById = new Map(leads.map((l) => [l.id, l]));
  const repById = new Map(reps.map((u) => [u.id, u]));
  const repOf = new Map(assignments.map((a) => [a.appointmentId, a.repId]));
  return rows.map(({ leadId, ...row }) => {
    const lead = leadById.get(leadId);
    const contact = lead ? contactById.get(lead.contactId) : undefined;
    const repId = repOf.get(row.id);
    return {
      ...row,
      lead: {
        id: leadId,
        status: lead?.status ?? 'NEW',
        name: contact?.name ?? null,
        phone: contact?.phone ?? '',
      },
      rep: repId ? (repById.get(repId) ?? { id: repId, name: null, email: '' }) : null,
    };
  });
}

export async function getAppointmentSummary(tx: Tx, id: string): Promise<AppointmentSummary> {
  const row = await tx.appointment.findUnique({ where: { id }, select: appointmentFields });
  if (!row) throw new NotFoundError('appointment not found');
  return (await summarize(tx, [row]))[0]!;
}

export { appointmentFields };
