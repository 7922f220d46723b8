// Everything assign decides on, read under its lock in one statement: the appointment, its active
// assignment, the named member (with role and name) and the live appointments of that member
// overlapping it (the calendar, by the rule of appointment_assignments_rep_no_overlap). One round
// trip instead of four keeps the hardened mutation close to a plain read (bench/mutations).
import type { Tx } from '../../db/tx';
import type { AppointmentStatus, Role } from '../../db/generated/client';
import { NotFoundError } from '../errors';
import type { Clash } from './clashes';
import type { RepView } from './reps';

export type AssignContext = {
  appointment: { id: string; startsAt: Date; endsAt: Date; status: AppointmentStatus };
  active: { id: string; repId: string } | null;
  /** Null when no member of this workspace (RLS) has the id. */
  member: (RepView & { role: Role }) | null;
  clashes: Clash[];
};

type ClashJson = {
  appointmentId: string;
  startsAt: string;
  endsAt: string;
  address: string;
  leadId: string;
  leadName: string | null;
};

export async function readAssignContext(
  tx: Tx,
  { appointmentId, repId }: { appointmentId: string; repId: string },
): Promise<AssignContext> {
  const rows = await tx.$queryRaw<
    {
      id: string;
      starts_at: Date;
      ends_at: Date;
      status: AppointmentStatus;
      assignment_id: string | null;
      active_rep_id: string | null;
      member_id: string | null;
      member_name: string | null;
      member_email: string | null;
      member_role: Role | null;
      clashes: ClashJson[];
    }[]
  >`SELECT a.id, a.starts_at, a.ends_at, a.status::text AS status,
      aa.id AS assignment_id, aa.rep_id AS active_rep_id,
      m.id AS member_id, m.name AS member_name, m.email AS member_email, m.role AS member_role,
      cl.clashes
    FROM appointments a
    LEFT JOIN appointment_assignments aa ON aa.appointment_id = a.id AND aa.active
    LEFT JOIN LATERAL (
      SELECT u.id, u.name, u.email, ms.role::text AS role
      FROM memberships ms JOIN users u ON u.id = ms.user_id
      WHERE ms.user_id = ${repId}::uuid
    ) m ON true
    CROSS JOIN LATERAL (
      SELECT coalesce(json_agg(json_build_object(
               'appointmentId', o.id, 'startsAt', o.starts_at, 'endsAt', o.ends_at,
               'address', o.address, 'leadId', l.id, 'leadName', c.name
             ) ORDER BY o.starts_at, o.id), '[]'::json) AS clashes
      FROM (
        SELECT oa.appointment_id FROM appointment_assignments oa
        WHERE oa.active AND oa.rep_id = ${repId}::uuid AND oa.appointment_id <> a.id
          AND tstzrange(oa.starts_at, oa.ends_at, '[)') && tstzrange(a.starts_at, a.ends_at, '[)')
        LIMIT 20
      ) hit
      JOIN appointments o ON o.id = hit.appointment_id
      JOIN leads l ON l.id = o.lead_id
      JOIN contacts c ON c.id = l.contact_id
    ) cl
    WHERE a.id = ${appointmentId}::uuid`;
  const row = rows[0];
  if (!row) throw new NotFoundError('appointment not found');
  return {
    appointment: { id: row.id, startsAt: row.starts_at, endsAt: row.ends_at, status: row.status },
    active:
      row.assignment_id && row.active_rep_id
        ? { id: row.assignment_id, repId: row.active_rep_id }
        : null,
    member:
      row.member_id && row.member_role && row.member_email !== null
        ? {
            id: row.member_id,
            name: row.member_name,
            email: row.member_email,
            role: row.member_role,
          }
        : null,
    clashes: row.clashes.map((c) => ({
      appointmentId: c.appointmentId,
      startsAt: new Date(c.startsAt),
      endsAt: new Date(c.endsAt),
      address: c.address,
      lead: { id: c.leadId, name: c.leadName },
    })),
  };
}
