'use client';
// Create or edit one voice line. Every field error is the server's sentence, under its field.
import { useState, type FormEvent } from 'react';
import { FieldError } from '@/app/_components/field-error';
import { describeError } from '@/lib/trpc/errors';
import { api } from '@/lib/trpc/react';
import {
  LINE_LANGUAGES,
  WEEKDAYS,
  inputOf,
  type LineLanguage,
  type VoiceLineDraft,
} from './voice-line-draft';

const LABELS: Record<string, string> = {
  phone: 'the Twilio number',
  label: 'the name',
  greeting: 'the greeting',
  language: 'the language',
  fallbackPhone: 'the fallback number',
  timeZone: 'the time zone',
  openDays: 'the open days',
  opensAt: 'the opening time',
  closesAt: 'the closing time',
};

export function VoiceLineForm({
  lineId,
  initial,
  onDone,
}: {
  /** Editing this line; a new line when undefined. */
  lineId?: string;
  initial: VoiceLineDraft;
  onDone: () => void;
}) {
  const utils = api.useUtils();
  const [draft, setDraft] = useState(initial);
  const settle = { onSuccess: async () => (await utils.voiceLines.list.invalidate(), onDone()) };
  const create = api.voiceLines.create.useMutation(settle);
  const update = api.voiceLines.update.useMutation(settle);
  const saving = lineId ? update : create;
  const failure = describeError(saving.error, LABELS);
  const field = (name: keyof VoiceLineDraft) => failure.fields[name];
  const set = <K extends keyof VoiceLineDraft>(name: K, value: VoiceLineDraft[K]) =>
    setDraft((d) => ({ ...d, [name]: value }));
  const invalid = (name: keyof VoiceLineDraft) => ({
    'aria-invalid': field(name) ? true : undefined,
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (lineId) update.mutate({ id: lineId, ...inputOf(draft) });
    else create.mutate(inputOf(draft));
  }

  return (
    <form
      className="stack wide-form"
      onSubmit={onSubmit}
      noValidate
      aria-label={lineId ? 'Edit voice line' : 'New voice line'}
    >
      <label>
        Name
        <input
          name="label"
          value={draft.label}
          maxLength={100}
          placeholder="e.g. Main office"
          onChange={(e) => set('label', e.target.value)}
          {...invalid('label')}
        />
        <FieldError message={field('label')} />
      </label>
      <label>
        Twilio number
        <input
          name="phone"
          value={draft.phone}
          inputMode="tel"
          placeholder="+4930123456"
          onChange={(e) => set('phone', e.target.value)}
          {...invalid('phone')}
        />
        <span className="muted hint">In international form (E.164), as Twilio shows it.</span>
        <FieldError message={field('phone')} />
      </label>
      <label>
        Language
        <select
          name="language"
          value={draft.language}
          onChange={(e) => set('language', e.target.value as LineLanguage)}
        >
          {LINE_LANGUAGES.map((l) => (
            <option key={l.value} value={l.value}>
              {l.label}
            </option>
          ))}
        </select>
        <FieldError message={field('language')} />
      </label>
      <label>
        Greeting
        <textarea
          name="greeting"
          value={draft.greeting}
          rows={3}
          maxLength={500}
          placeholder="e.g. Hello, you have reached Acme. How can I help?"
          onChange={(e) => set('greeting', e.target.value)}
          {...invalid('greeting')}
        />
        <FieldError message={field('greeting')} />
      </label>
      <label>
        Fallback number
        <input
          name="fallbackPhone"
          value={draft.fallbackPhone}
          inputMode="tel"
          placeholder="+4930987654"
          onChange={(e) => set('fallbackPhone', e.target.value)}
          {...invalid('fallbackPhone')}
        />
        <span className="muted hint">
          Where a caller who asks for a person is transferred. Leave empty to take messages instead.
        </span>
        <FieldError message={field('fallbackPhone')} />
      </label>
      <fieldset className="plain-fieldset">
        <legend>Business hours</legend>
        <div className="checkbox-row" role="group" aria-label="Open days">
          {WEEKDAYS.map((d) => (
            <label key={d.value} className="inline">
              <input
                type="checkbox"
                checked={draft.openDays.includes(d.value)}
                onChange={(e) =>
                  set(
                    'openDays',
                    e.target.checked
                      ? [...draft.openDays, d.value].sort()
                      : draft.openDays.filter((v) => v !== d.value),
                  )
                }
              />
              {d.label}
            </label>
          ))}
        </div>
        <FieldError message={field('openDays')} />
        <div className="field-row">
          <label>
            Opens at
            <input
              name="opensAt"
              type="time"
              value={draft.opensAt}
              onChange={(e) => set('opensAt', e.target.value)}
              {...invalid('opensAt')}
            />
            <FieldError message={field('opensAt')} />
          </label>
          <label>
            Closes at
            <input
              name="closesAt"
              type="time"
              value={draft.closesAt}
              onChange={(e) => set('closesAt', e.target.value)}
              {...invalid('closesAt')}
            />
            <FieldError message={field('closesAt')} />
          </label>
        </div>
        <label>
          Time zone
          <input
            name="timeZone"
            value={draft.timeZone}
            maxLength={64}
            placeholder="Europe/Berlin"
            onChange={(e) => set('timeZone', e.target.value)}
            {...invalid('timeZone')}
          />
          <FieldError message={field('timeZone')} />
        </label>
      </fieldset>
      {saving.error && Object.keys(failure.fields).length === 0 && (
        <p className="error" role="alert">
          {failure.sentence}
        </p>
      )}
      <div className="button-row">
        <button type="submit" disabled={saving.isPending}>
          {lineId ? 'Save line' : 'Add line'}
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
