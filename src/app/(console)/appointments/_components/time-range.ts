// "Wed 2 Dec, 10:00–11:30": an appointment's slot in the viewer's time zone (en-GB as elsewhere).
const DAY = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short' });
const CLOCK = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });

type Instant = Date | string;

export const formatClock = (value: Instant) => CLOCK.format(new Date(value));
export const formatDay = (value: Instant) => DAY.format(new Date(value));

/** "10:00–11:30" (same day) or "23:00–00:30 (+1 day)". */
export function formatSlot(start: Instant, end: Instant): string {
  const a = new Date(start);
  const b = new Date(end);
  const nextDay = a.toDateString() !== b.toDateString();
  return `${formatClock(a)}–${formatClock(b)}${nextDay ? ' (+1 day)' : ''}`;
}

export const formatDaySlot = (start: Instant, end: Instant) =>
  `${formatDay(start)}, ${formatSlot(start, end)}`;
