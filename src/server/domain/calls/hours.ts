// Business hours of a line, in its own time zone: outside them a transfer becomes voicemail.
export type BusinessHours = {
  timeZone: string;
  openDays: number[];
  opensAt: string;
  closesAt: string;
};

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** The local ISO weekday and "HH:MM" of `at` in `timeZone` (Intl knows the zone rules). */
export function localTime(at: Date, timeZone: string): { weekday: number; time: string } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { weekday: WEEKDAYS[get('weekday')] ?? 0, time: `${get('hour')}:${get('minute')}` };
}

/** Open from opensAt (inclusive) to closesAt (exclusive); closesAt before opensAt spans midnight. */
export function isOpen(hours: BusinessHours, at: Date): boolean {
  const { weekday, time } = localTime(at, hours.timeZone);
  if (!hours.openDays.includes(weekday)) return false;
  if (hours.opensAt === hours.closesAt) return true;
  if (hours.opensAt < hours.closesAt) return time >= hours.opensAt && time < hours.closesAt;
  return time >= hours.opensAt || time < hours.closesAt;
}

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
