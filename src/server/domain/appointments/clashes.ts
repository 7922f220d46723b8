// A rep's calendar: the live appointments (active assignments) of a rep that overlap a time
// range. The same rule as the exclusion constraint appointment_assignments_rep_no_overlap
// (half-open ranges, active assignments only), read before writing so the answer can name them.
import type { Tx } from '../../db/tx';
import { ConflictError } from '../errors';

export type Clash = {
  appointmentId: string;
  startsAt: Date;
  endsAt: Date;
  address: string;
  lead: { id: string; name: string | null };
};

type ClashRow = {
  appointment_id: string;
  starts_at: Date;
  ends_at: Date;
  address: string;
  lead_id: string;
  lead_name: string | null;
};

export async function findRepClashes(
  tx: Tx,
  input: { repId: string; startsAt: Date; endsAt: Date; exceptAppointmentId?: string },
): Promise<Clash[]> {
  const except = input.exceptAppointmentId ?? null;
  const rows = await tx.$queryRaw<ClashRow[]>`
    SELECT a.id AS appointment_id, a.starts_at, a.ends_at, a.address, l.id AS lead_id, c.name AS lead_name
    FROM appointment_assignments aa
    JOIN appointments a ON a.id = aa.appointment_id
    JOIN leads l ON l.id = a.lead_id
    JOIN contacts c ON c.id = l.contact_id
    WHERE aa.active AND aa.rep_id = ${input.repId}::uuid
      AND tstzrange(aa.starts_at, aa.ends_at, '[)') && tstzrange(${input.startsAt}::timestamptz, ${input.endsAt}::timestamptz, '[)')
      AND (${except}::uuid IS NULL OR aa.appointment_id <> ${except}::uuid)
    ORDER BY a.starts_at, a.id
    LIMIT 20`;
  return rows.map((r) => ({
    appointmentId: r.appointment_id,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    address: r.address,
    lead: { id: r.lead_id, name: r.lead_name },
  }));
}

const clock = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ');

/** CONFLICT naming the appointment(s) the rep already holds then; details carry them all. */
export class AppointmentClashError extends ConflictError {
  constructor(readonly clashes: Clash[]) {
    const first = clashes[0];
    super(
      first
        ? `the rep already has appointment ${first.appointmentId} (${clock(first.startsAt)}-${clock(first.endsAt)} UTC, lead ${first.lead.name ?? first.lead.id}) at that time`
        : 'the rep already has an appointment at that time',
      {
        clashes: clashes.map((c) => ({
          ...c,
          startsAt: c.startsAt.toISOString(),
          endsAt: c.endsAt.toISOString(),
        })),
      },
    );
  }
}

/** The Postgres error behind a Prisma/driver-adapter error: its SQLSTATE, when it has one. */
export function sqlStateOf(error: unknown): string | undefined {
  const e = error as {
    code?: unknown;
    meta?: { code?: unknown; driverAdapterError?: { cause?: { originalCode?: string } } };
  } | null;
  const original = e?.meta?.driverAdapterError?.cause?.originalCode;
  if (original) return original;
  if (typeof e?.meta?.code === 'string') return e.meta.code;
  if (e?.code === 'P2002') return '23505';
  return undefined;
}
