// Number, time and status wording shared by the campaign views.
export const credits = (n: number) => n.toLocaleString('en-GB');
/** "1 credit", "12 credits". */
export const creditsWord = (n: number) => `${credits(n)} ${n === 1 ? 'credit' : 'credits'}`;
export const when = (value: Date | string | null) =>
  value ? new Date(value).toLocaleString() : '—';
export const lower = (status: string) => status.toLowerCase().replace(/_/g, ' ');
