// The voice line form's values as the browser holds them, and what the procedures take.
export const LINE_LANGUAGES = [
  { value: 'en', label: 'English' },
  { value: 'ru', label: 'Russian' },
  { value: 'uk', label: 'Ukrainian' },
  { value: 'sk', label: 'Slovak' },
] as const;
export type LineLanguage = (typeof LINE_LANGUAGES)[number]['value'];

/** ISO weekday numbers, Monday = 1 (what voice_lines.open_days stores). */
export const WEEKDAYS = [
  { value: 1, label: 'Mon' },
  { value: 2, label: 'Tue' },
  { value: 3, label: 'Wed' },
  { value: 4, label: 'Thu' },
  { value: 5, label: 'Fri' },
  { value: 6, label: 'Sat' },
  { value: 7, label: 'Sun' },
] as const;

export type VoiceLineDraft = {
  phone: string;
  label: string;
  greeting: string;
  language: LineLanguage;
  fallbackPhone: string;
  timeZone: string;
  openDays: number[];
  opensAt: string;
  closesAt: string;
};

export const emptyDraft = (): VoiceLineDraft => ({
  phone: '',
  label: '',
  greeting: '',
  language: 'en',
  fallbackPhone: '',
  timeZone: 'UTC',
  openDays: [1, 2, 3, 4, 5],
  opensAt: '09:00',
  closesAt: '17:00',
});

export type SavedLine = Omit<VoiceLineDraft, 'fallbackPhone' | 'language'> & {
  id: string;
  language: string;
  fallbackPhone: string | null;
};

export const draftOf = (line: SavedLine): VoiceLineDraft => ({
  ...line,
  language: LINE_LANGUAGES.some((l) => l.value === line.language)
    ? (line.language as LineLanguage)
    : 'en',
  fallbackPhone: line.fallbackPhone ?? '',
});

/** An empty fallback means "no one to hand over to" (null), not an invalid number. */
export const inputOf = (draft: VoiceLineDraft) => ({
  ...draft,
  fallbackPhone: draft.fallbackPhone.trim() === '' ? null : draft.fallbackPhone,
});

export const languageLabel = (code: string) =>
  LINE_LANGUAGES.find((l) => l.value === code)?.label ?? code;

export function hoursSummary(
  line: Pick<SavedLine, 'openDays' | 'opensAt' | 'closesAt' | 'timeZone'>,
) {
  if (line.openDays.length === 0) return 'closed every day';
  const days = WEEKDAYS.filter((d) => line.openDays.includes(d.value))
    .map((d) => d.label)
    .join(' ');
  return `${days} ${line.opensAt}–${line.closesAt} (${line.timeZone})`;
}
