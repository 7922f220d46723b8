import { describe, expect, it } from 'vitest';
import {
  formatCredits,
  formatDateTime,
  formatInteger,
  formatMoney,
  formatSignedInteger,
  formatStatus,
  formatTime,
} from './format';

describe('console formats', () => {
  it('writes a time as day, short month, year and 24-hour clock (TZ=UTC in tests)', () => {
    expect(formatDateTime('2026-03-05T14:03:07.123Z')).toBe('5 Mar 2026, 14:03:07');
    expect(formatDateTime(new Date('2026-12-24T00:00:00Z'))).toBe('24 Dec 2026, 00:00:00');
    expect(formatTime('2026-03-05T14:03:07Z')).toBe('14:03:07');
  });

  it('shows the missing word for no time or a time that does not parse', () => {
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime(undefined, 'never')).toBe('never');
    expect(formatDateTime('not a date')).toBe('—');
  });

  it('groups digits the way the wallet always has (en-GB)', () => {
    expect(formatInteger(1_234_567)).toBe((1_234_567).toLocaleString('en-GB'));
    expect(formatSignedInteger(1_000)).toBe('+1,000');
    // A plain hyphen-minus: the e2e ledger check strips everything but digits and "-".
    expect(formatSignedInteger(-5)).toBe('-5');
    expect(formatSignedInteger(0)).toBe('0');
    expect(formatCredits(1)).toBe('1 credit');
    expect(formatCredits(1_200)).toBe('1,200 credits');
  });

  it('writes money from minor units and enum values as words', () => {
    expect(formatMoney(1_250, 'gbp')).toBe('£12.50');
    expect(formatStatus('LAUNCH_FAILED')).toBe('launch failed');
  });
});
