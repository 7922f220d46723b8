// The appointments a rep already holds at a slot: each named (lead, time, address) and linked, so
// whoever schedules sees exactly what is in the way.
import Link from 'next/link';
import { formatDaySlot } from './time-range';

export type ClashView = {
  appointmentId: string;
  startsAt: Date | string;
  endsAt: Date | string;
  address: string;
  lead: { id: string; name: string | null };
};

/** The clashes a CONFLICT from appointments.assign carries in its details, if any. */
export function clashesOfError(error: unknown): ClashView[] {
  const details = (error as { data?: { details?: { clashes?: unknown } | null } | null } | null)
    ?.data?.details;
  const clashes = details?.clashes;
  if (!Array.isArray(clashes)) return [];
  return clashes.filter(
    (c): c is ClashView =>
      typeof (c as ClashView | null)?.appointmentId === 'string' &&
      typeof (c as ClashView).startsAt === 'string' &&
      typeof (c as ClashView).endsAt === 'string',
  );
}

export function ClashList({ clashes, testId }: { clashes: readonly ClashView[]; testId: string }) {
  return (
    <ul data-testid={testId} style={{ margin: '6px 0 0', paddingLeft: 18 }}>
      {clashes.map((c) => (
        <li key={c.appointmentId} data-appointment-id={c.appointmentId}>
          <Link href={`/appointments/${c.appointmentId}`}>
            {c.lead.name ?? 'Unnamed lead'}, {formatDaySlot(c.startsAt, c.endsAt)}
          </Link>{' '}
          <span className="muted">at {c.address}</span>
        </li>
      ))}
    </ul>
  );
}
