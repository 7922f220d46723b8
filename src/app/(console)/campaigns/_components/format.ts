// Number, time and status wording shared by the campaign views.
export const credits = (n: number) => n.toLocaleString('en-GB');
export const when = (value: Date | string | null) =>
  value ? new Date(value).toLocaleString() : '—';
export const lower = (status: string) => status.toLowerCase().replace(/_/g, ' ');
