// datetime-local inputs speak the viewer's local wall time ("2026-12-02T10:00"), tRPC ISO instants.

/** "2026-12-02T10:00" for `date` in local time, as a datetime-local input takes it. */
export function toLocalInput(date: Date): string {
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/** The instant a datetime-local value names, as ISO; the raw text when it is no time at all, so
 *  the server's own check answers for it next to the field. */
export function fromLocalInput(value: string): string {
  const date = new Date(value);
  return value && !Number.isNaN(date.getTime()) ? date.toISOString() : value;
}
