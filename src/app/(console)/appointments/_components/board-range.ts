// The stretch of time the board shows: one day, or a week from Monday, in the viewer's own time
// zone (a rep's 09:00 is the office's 09:00). Dates travel in the URL as YYYY-MM-DD.
export type BoardView = 'day' | 'week';
export type BoardRange = { view: BoardView; from: Date; to: Date; days: Date[] };

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Local midnight of `date`. */
export function startOfDay(date: Date): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate());
}

/** Local midnight `n` days later (by the calendar, so a daylight-saving day is 23 or 25 hours). */
export function addDays(date: Date, n: number): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + n);
}

/** "2026-12-02" for the local day of `date`. */
export function dayKey(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The local day a YYYY-MM-DD names, or null for anything else (a hand-edited URL). */
export function parseDayKey(text: string | null | undefined): Date | null {
  const match = DAY_PATTERN.exec(text ?? '');
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(year, month - 1, day);
  // new Date rolls 2026-02-31 over into March: refuse instead.
  return date.getFullYear() === year && date.getMonth() === month - 1 && date.getDate() === day
    ? date
    : null;
}

/** Monday of the week holding `date`. */
export function startOfWeek(date: Date): Date {
  const day = startOfDay(date);
  return addDays(day, -((day.getDay() + 6) % 7));
}

export function boardRange(view: BoardView, anchor: Date): BoardRange {
  const from = view === 'week' ? startOfWeek(anchor) : startOfDay(anchor);
  const length = view === 'week' ? 7 : 1;
  const days = Array.from({ length }, (_, i) => addDays(from, i));
  return { view, from, to: addDays(from, length), days };
}

/** The anchor of the previous or next page of the board. */
export function stepRange(range: BoardRange, direction: -1 | 1): Date {
  return addDays(range.from, direction * range.days.length);
}

/** Where [start, end) sits on the day's track, as percentages, clipped to the day. */
export function placeOnDay(
  day: Date,
  start: Date,
  end: Date,
  window: { fromHour: number; toHour: number },
): { left: number; width: number } | null {
  const from = new Date(day.getFullYear(), day.getMonth(), day.getDate(), window.fromHour);
  const to = new Date(day.getFullYear(), day.getMonth(), day.getDate(), window.toHour);
  const span = to.getTime() - from.getTime();
  const a = Math.max(start.getTime(), from.getTime());
  const b = Math.min(end.getTime(), to.getTime());
  if (b <= a) return null;
  return {
    left: ((a - from.getTime()) / span) * 100,
    width: ((b - a) / span) * 100,
  };
}

/**
 * The hours the day track shows: 08:00–19:00, widened to take in any appointment that day that
 * starts earlier or ends later, so nothing is ever drawn off the track.
 */
export function dayWindow(
  day: Date,
  appointments: readonly { startsAt: Date; endsAt: Date }[],
): { fromHour: number; toHour: number } {
  let fromHour = 8;
  let toHour = 19;
  const midnight = startOfDay(day).getTime();
  const next = addDays(day, 1).getTime();
  for (const a of appointments) {
    const start = Math.max(a.startsAt.getTime(), midnight);
    const end = Math.min(a.endsAt.getTime(), next);
    if (end <= start) continue;
    fromHour = Math.min(fromHour, Math.floor((start - midnight) / 3_600_000));
    toHour = Math.max(toHour, Math.ceil((end - midnight) / 3_600_000));
  }
  return { fromHour, toHour: Math.min(24, toHour) };
}

/** Whether [start, end) touches the local day `day`. */
export function overlapsDay(day: Date, start: Date, end: Date): boolean {
  return start.getTime() < addDays(day, 1).getTime() && end.getTime() > startOfDay(day).getTime();
}
