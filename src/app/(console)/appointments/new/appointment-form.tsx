'use client';
// Book a visit: which lead, when (start and end, the end defaulting to an hour after the start),
// where, and notes. The server's refusals are shown next to their fields as sentences. The create
// call carries an Idempotency-Key per intent, so a retried click books one appointment.
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { api } from '@/lib/trpc/react';
import { errorSentence } from '@/lib/trpc/errors';
import { FieldError } from '@/app/_components/field-error';
import { clientWithIdempotencyKey } from '../../campaigns/wallet/idempotent-client';
import { useIntentKey } from '../../campaigns/_editor/use-intent-key';
import { fieldMessagesOf, formSentenceOf } from '../_components/field-messages';
import { fromLocalInput, toLocalInput } from '../_components/local-time';
import { isUuid } from '../_components/uuid';
import formStyles from '../_components/form.module.css';

const FIELDS = ['leadId', 'startsAt', 'endsAt', 'address', 'notes'];
const LABELS = {
  leadId: 'Lead',
  startsAt: 'Starts',
  endsAt: 'Ends',
  address: 'Address',
  notes: 'Notes',
};
const HOUR_MS = 3_600_000;

const text = (data: FormData, key: string) => {
  const v = data.get(key);
  return typeof v === 'string' ? v : '';
};

export function AppointmentForm() {
  const router = useRouter();
  const params = useSearchParams();
  const presetLead = isUuid(params.get('lead')) ? params.get('lead')! : '';
  const leads = api.leads.list.useQuery({ limit: 100 });
  // A lead older than the newest 100 (opened from its own page) is offered all the same.
  const preset = api.leads.get.useQuery({ id: presetLead }, { enabled: presetLead !== '' });
  const options = leads.data
    ? [
        ...(preset.data && !leads.data.items.some((l) => l.id === preset.data.id)
          ? [preset.data]
          : []),
        ...leads.data.items,
      ]
    : undefined;
  const utils = api.useUtils();
  const intent = useIntentKey();
  const [endsAt, setEndsAt] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const fields = fieldMessagesOf(error as never);
  const sentence = formSentenceOf(error as never, fields, FIELDS, LABELS);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const input = {
      leadId: text(data, 'leadId'),
      startsAt: fromLocalInput(text(data, 'startsAt')),
      endsAt: fromLocalInput(text(data, 'endsAt')),
      address: text(data, 'address'),
      notes: text(data, 'notes'),
    };
    setBusy(true);
    setError(null);
    try {
      const key = intent.keyFor(JSON.stringify(input));
      const created = await clientWithIdempotencyKey(key).appointments.create.mutate(input);
      intent.done();
      await utils.appointments.invalidate(undefined, { refetchType: 'none' });
      router.push(`/appointments/${created.id}`);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  const describedBy = (name: string) => (fields[name] ? `appointment-${name}-error` : undefined);
  return (
    <form
      className="stack card"
      onSubmit={(e) => void onSubmit(e)}
      noValidate
      aria-label="New appointment"
    >
      <label>
        Lead
        <select
          name="leadId"
          defaultValue={presetLead}
          key={options ? `loaded:${options.length}` : 'loading'}
          aria-invalid={fields.leadId ? true : undefined}
          aria-describedby={describedBy('leadId')}
        >
          <option value="">{leads.data ? 'Choose a lead…' : 'Loading leads…'}</option>
          {options?.map((l) => (
            <option key={l.id} value={l.id}>
              {l.contact.name ?? l.contact.phone}
              {l.contact.name ? ` (${l.contact.phone})` : ''}
            </option>
          ))}
        </select>
        <span id={describedBy('leadId')}>
          <FieldError message={fields.leadId} />
        </span>
      </label>
      {leads.data?.items.length === 0 && (
        <p className="muted" style={{ margin: 0 }}>
          No leads yet: <Link href="/leads">add one first</Link>.
        </p>
      )}
      {leads.error && <p className="error">{errorSentence(leads.error)}</p>}
      <label>
        Starts
        <input
          name="startsAt"
          type="datetime-local"
          required
          onChange={(e) => {
            const start = new Date(e.target.value);
            if (!endsAt && !Number.isNaN(start.getTime()))
              setEndsAt(toLocalInput(new Date(start.getTime() + HOUR_MS)));
          }}
          aria-invalid={fields.startsAt ? true : undefined}
          aria-describedby={describedBy('startsAt')}
        />
        <span id={describedBy('startsAt')}>
          <FieldError message={fields.startsAt} />
        </span>
      </label>
      <label>
        Ends
        <input
          name="endsAt"
          type="datetime-local"
          required
          value={endsAt}
          onChange={(e) => setEndsAt(e.target.value)}
          aria-invalid={fields.endsAt ? true : undefined}
          aria-describedby={describedBy('endsAt')}
        />
        <span id={describedBy('endsAt')}>
          <FieldError message={fields.endsAt} />
        </span>
      </label>
      <label>
        Address
        <input
          name="address"
          required
          maxLength={300}
          autoComplete="street-address"
          aria-invalid={fields.address ? true : undefined}
          aria-describedby={describedBy('address')}
        />
        <span id={describedBy('address')}>
          <FieldError message={fields.address} />
        </span>
      </label>
      <label>
        Notes (optional)
        <textarea
          name="notes"
          rows={3}
          maxLength={2000}
          className={formStyles.textarea}
          aria-describedby={describedBy('notes')}
        />
        <span id={describedBy('notes')}>
          <FieldError message={fields.notes} />
        </span>
      </label>
      {sentence && (
        <p className="error" role="alert" data-testid="appointment-form-error">
          {sentence}
        </p>
      )}
      <div style={{ display: 'flex', gap: 8 }}>
        <button type="submit" disabled={busy}>
          {busy ? 'Booking…' : 'Book appointment'}
        </button>
        <Link href="/appointments" className="muted" style={{ alignSelf: 'center' }}>
          Cancel
        </Link>
      </div>
    </form>
  );
}
