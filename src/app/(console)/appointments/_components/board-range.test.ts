import { describe, expect, it } from 'vitest';
import {
  boardRange,
  dayKey,
  dayWindow,
  overlapsDay,
  parseDayKey,
  placeOnDay,
  stepRange,
} from './board-range';

// Tests run with TZ=UTC (vitest.config.ts), so local days are UTC days here.
const at = (iso: string) => new Date(iso);

describe('the board range', () => {
  it('reads and writes days as YYYY-MM-DD and refuses anything else', () => {
    expect(dayKey(at('2026-12-02T15:00:00Z'))).toBe('2026-12-02');
    expect(parseDayKey('2026-12-02')?.toISOString()).toBe('2026-12-02T00:00:00.000Z');
    expect(parseDayKey('2026-02-31')).toBeNull();
    expect(parseDayKey('yesterday')).toBeNull();
    expect(parseDayKey(null)).toBeNull();
  });

  it('is one day, or the week from Monday, and steps by its own length', () => {
    const day = boardRange('day', at('2026-12-02T15:00:00Z'));
    expect([day.from.toISOString(), day.to.toISOString()]).toEqual([
      '2026-12-02T00:00:00.000Z',
      '2026-12-03T00:00:00.000Z',
    ]);
    const week = boardRange('week', at('2026-12-06T10:00:00Z')); // a Sunday
    expect(week.from.toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(week.days).toHaveLength(7);
    expect(dayKey(stepRange(week, 1))).toBe('2026-12-07');
    expect(dayKey(stepRange(day, -1))).toBe('2026-12-01');
  });

  it('places an appointment on the day track, clipped to the hours shown', () => {
    const day = at('2026-12-02T00:00:00Z');
    const window = { fromHour: 8, toHour: 18 };
    expect(placeOnDay(day, at('2026-12-02T08:00:00Z'), at('2026-12-02T13:00:00Z'), window)).toEqual(
      { left: 0, width: 50 },
    );
    expect(placeOnDay(day, at('2026-12-02T17:00:00Z'), at('2026-12-02T20:00:00Z'), window)).toEqual(
      { left: 90, width: 10 },
    );
    expect(placeOnDay(day, at('2026-12-02T19:00:00Z'), at('2026-12-02T20:00:00Z'), window)).toBe(
      null,
    );
  });

  it('widens the hours for an early or late appointment, never past the day', () => {
    const day = at('2026-12-02T00:00:00Z');
    expect(dayWindow(day, [])).toEqual({ fromHour: 8, toHour: 19 });
    expect(
      dayWindow(day, [
        { startsAt: at('2026-12-02T05:30:00Z'), endsAt: at('2026-12-02T06:30:00Z') },
        { startsAt: at('2026-12-02T21:00:00Z'), endsAt: at('2026-12-03T01:00:00Z') },
      ]),
    ).toEqual({ fromHour: 5, toHour: 24 });
  });

  it('knows which days a half-open range touches', () => {
    const day = at('2026-12-02T00:00:00Z');
    expect(overlapsDay(day, at('2026-12-01T23:00:00Z'), at('2026-12-02T00:00:00Z'))).toBe(false);
    expect(overlapsDay(day, at('2026-12-01T23:00:00Z'), at('2026-12-02T00:30:00Z'))).toBe(true);
    expect(overlapsDay(day, at('2026-12-03T00:00:00Z'), at('2026-12-03T01:00:00Z'))).toBe(false);
  });
});
