// How the console writes times and numbers, on every screen: British English (day month year,
// 24-hour clock, comma digit grouping, as credits have always been shown) in the viewer's own
// time zone. One place, so a ledger entry and a dead letter from the same second read the same.
const LOCALE = 'en-GB';
const DATE_TIME = new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeStyle: 'medium' });
const TIME = new Intl.DateTimeFormat(LOCALE, { timeStyle: 'medium' });
const NUMBER = new Intl.NumberFormat(LOCALE);
const SIGNED = new Intl.NumberFormat(LOCALE, { signDisplay: 'exceptZero' });

/** Timestamps arrive as ISO strings over tRPC (no transformer) or as Dates made in the page. */
type Instant = Date | string;

function toDate(value: Instant | null | undefined): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const date = new Date(value);
  // Intl throws a RangeError on an invalid date; a bad value should not take the page down.
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "2 Dec 2026, 05:13:59"; `missing` when there is no time (a column not filled in yet). */
export function formatDateTime(value: Instant | null | undefined, missing = '—'): string {
  const date = toDate(value);
  return date ? DATE_TIME.format(date) : missing;
}

/** "05:13:59", for moments of today (a draft saved a few seconds ago). */
export function formatTime(value: Instant | null | undefined, missing = '—'): string {
  const date = toDate(value);
  return date ? TIME.format(date) : missing;
}

/** "12,345": counts and credits (credits are integers). */
export const formatInteger = (n: number) => NUMBER.format(n);

/** "+1,000", "-5", "0": a movement, signed both ways. */
export const formatSignedInteger = (n: number) => SIGNED.format(n);

/** "1 credit", "12 credits". */
export const formatCredits = (n: number) => `${formatInteger(n)} ${n === 1 ? 'credit' : 'credits'}`;

/** "£12.00" from minor units (cents, pence) and an ISO currency code in either case. */
export const formatMoney = (minor: number, currency: string) =>
  new Intl.NumberFormat(LOCALE, { style: 'currency', currency: currency.toUpperCase() }).format(
    minor / 100,
  );

/** An enum value as words: "LAUNCH_FAILED" → "launch failed". */
export const formatStatus = (status: string) => status.toLowerCase().replace(/_/g, ' ');
