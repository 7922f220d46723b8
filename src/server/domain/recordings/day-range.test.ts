import { describe, expect, it } from 'vitest';
import { dayRange, isCalendarDay } from './day-range';

describe('dayRange', () => {
  it('is the UTC day in UTC', () => {
    expect(dayRange('2026-12-08', 'UTC')).toEqual({
      from: new Date('2026-12-08T00:00:00Z'),
      to: new Date('2026-12-09T00:00:00Z'),
    });
  });

  it('follows the zone, 23 and 25 hours long when the clocks change', () => {
    expect(dayRange('2026-12-08', 'Europe/Berlin')).toEqual({
      from: new Date('2026-12-07T23:00:00Z'),
      to: new Date('2026-12-08T23:00:00Z'),
    });
    const spring = dayRange('2026-03-29', 'Europe/Berlin');
    expect(spring.from).toEqual(new Date('2026-03-28T23:00:00Z'));
    expect(spring.to.getTime() - spring.from.getTime()).toBe(23 * 3_600_000);
    const autumn = dayRange('2026-10-25', 'Europe/Berlin');
    expect(autumn.to.getTime() - autumn.from.getTime()).toBe(25 * 3_600_000);
    expect(dayRange('2026-12-31', 'America/Los_Angeles')).toEqual({
      from: new Date('2026-12-31T08:00:00Z'),
      to: new Date('2027-01-01T08:00:00Z'),
    });
  });
});

describe('isCalendarDay', () => {
  it('accepts real dates only', () => {
    expect(isCalendarDay('2026-02-28')).toBe(true);
    expect(isCalendarDay('2028-02-29')).toBe(true);
    for (const bad of ['2026-02-29', '2026-13-01', '2026-1-01', '20261208', '0000-01-01', ''])
      expect(isCalendarDay(bad)).toBe(false);
  });
});
