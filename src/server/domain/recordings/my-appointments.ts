// A rep's day: the appointments actively assigned to them that overlap the local day, with what
// they need at the door (who, where, whether recording is allowed) and the recording under way.
import type { Tx } from '../../db/tx';
import type { AppointmentStatus, RecordingConsent } from '../../db/generated/client';
import type { Actor } from '../audit/actor';
import { dayRange } from './day-range';
import { ACTIVE_STATUSES, sessionSelect, toSessionView, type RecordingSessionView } from './views';

export type MyAppointmentView = {
  id: string;
  startsAt: Date;
  endsAt: Date;
  address: string;
  notes: string | null;
  status: AppointmentStatus;
  lead: {
    id: string;
    name: string | null;
    phone: string | null;
    recordingConsent: RecordingConsent;
  };
  /** The PENDING or RECORDING session of this appointment, if one is open. */
  activeRecording: RecordingSessionView | null;
  /** A recording of this visit already has its audio (UPLOADED or further on). */
  recorded: boolean;
};

export async function listMyAppointments(
  tx: Tx,
  input: { actor: Actor; day: string; timeZone: string },
): Promise<{ day: string; timeZone: string; from: Date; to: Date; items: MyAppointmentView[] }> {
  const { from, to } = dayRange(input.day, input.timeZone);
  const repId = input.actor.userId;
  const appointments = repId
    ? await tx.appointment.findMany({
        where: {
          startsAt: { lt: to },
          endsAt: { gt: from },
          assignments: { some: { active: true, repId } },
        },
        orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
        take: 200,
        select: {
          id: true,
          startsAt: true,
          endsAt: true,
          address: true,
          notes: true,
          status: true,
          lead: { select: { id: true, contactId: true, recordingConsent: true } },
          recordingSessions: {
            where: { OR: [{ status: { in: [...ACTIVE_STATUSES] } }, { audioKey: { not: null } }] },
            orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
            select: sessionSelect,
            take: 20,
          },
        },
      })
    : [];
  const contacts = await tx.contact.findMany({
    where: { id: { in: [...new Set(appointments.map((a) => a.lead.contactId))] } },
    select: { id: true, name: true, phone: true },
  });
  const contactById = new Map(contacts.map((c) => [c.id, c]));
  return {
    day: input.day,
    timeZone: input.timeZone,
    from,
    to,
    items: appointments.map((a) => {
      const contact = contactById.get(a.lead.contactId);
      const active = a.recordingSessions.find((r) =>
        (ACTIVE_STATUSES as readonly string[]).includes(r.status),
      );
      return {
        id: a.id,
        startsAt: a.startsAt,
        endsAt: a.endsAt,
        address: a.address,
        notes: a.notes,
        status: a.status,
        lead: {
          id: a.lead.id,
          name: contact?.name ?? null,
          phone: contact?.phone ?? null,
          recordingConsent: a.lead.recordingConsent,
        },
        activeRecording: active ? toSessionView(active) : null,
        recorded: a.recordingSessions.some((r) => r.audioKey !== null),
      };
    }),
  };
}
