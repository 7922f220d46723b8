'use client';
// Take a new lead: the person (name, phone, e-mail: a new contact of the workspace), where they
// came from, whether they agreed to visits being recorded, and notes. Refusals are shown next to
// their fields as sentences (nested contact fields included). Sent with an Idempotency-Key per
// intent, so a retried click adds one lead.
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { api } from '@/lib/trpc/react';
import { FieldError } from '@/app/_components/field-error';
import { formatStatus } from '@/app/_components/format';
import { clientWithIdempotencyKey } from '../../campaigns/wallet/idempotent-client';
import { useIntentKey } from '../../campaigns/_editor/use-intent-key';
import {
  fieldMessagesOf,
  formSentenceOf,
  nestFields,
} from '../../appointments/_components/field-messages';
import formStyles from '../../appointments/_components/form.module.css';
import { LEAD_SOURCES } from './lead-words';

const SHOWN = [
  'contact.name',
  'contact.phone',
  'contact.defaultCountry',
  'contact.email',
  'source',
  'notes',
  'recordingConsent',
];
const CONTACT_FIELDS = ['phone', 'name', 'email', 'defaultCountry'];
const LABELS: Record<string, string> = { contactId: 'Contact', contact: 'Contact' };

const text = (data: FormData, key: string) => {
  const v = data.get(key);
  return typeof v === 'string' ? v : '';
};

const errorId = (name: string) => `lead-${name.replace('.', '-')}-error`;

function Msg({ fields, name }: { fields: Record<string, string>; name: string }) {
  return (
    <span id={errorId(name)}>
      <FieldError message={fields[name]} />
    </span>
  );
}

export function LeadForm() {
  const router = useRouter();
  const utils = api.useUtils();
  const intent = useIntentKey();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // A duplicate phone comes back from the contacts domain as "phone": it is the contact's.
  const fields = nestFields(fieldMessagesOf(error as never), 'contact', CONTACT_FIELDS);
  const sentence = formSentenceOf(error as never, fields, SHOWN, LABELS);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const name = text(data, 'name').trim();
    const email = text(data, 'email').trim();
    const country = text(data, 'defaultCountry').trim().toUpperCase();
    const input = {
      contact: {
        phone: text(data, 'phone'),
        name: name || null,
        email: email || null,
        ...(country ? { defaultCountry: country as 'DE' } : {}),
      },
      source: text(data, 'source') as (typeof LEAD_SOURCES)[number],
      notes: text(data, 'notes'),
      recordingConsent: data.get('recordingConsent') === 'on',
    };
    setBusy(true);
    setError(null);
    try {
      const key = intent.keyFor(JSON.stringify(input));
      const lead = await clientWithIdempotencyKey(key).leads.create.mutate(input);
      intent.done();
      await utils.leads.invalidate(undefined, { refetchType: 'none' });
      router.push(`/leads/${lead.id}`);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  const err = (name: string) => ({
    'aria-invalid': fields[name] ? true : undefined,
    'aria-describedby': fields[name] ? errorId(name) : undefined,
  });
  return (
    <form className="stack" onSubmit={(e) => void onSubmit(e)} noValidate aria-label="New lead">
      <label>
        Name
        <input name="name" maxLength={120} autoComplete="name" {...err('contact.name')} />
        <Msg fields={fields} name="contact.name" />
      </label>
      <label>
        Phone
        <input
          name="phone"
          type="tel"
          required
          maxLength={40}
          placeholder="+49 151 12345678"
          {...err('contact.phone')}
        />
        <Msg fields={fields} name="contact.phone" />
      </label>
      <label>
        Country for numbers without +code (optional)
        <input
          name="defaultCountry"
          maxLength={2}
          placeholder="DE"
          style={{ width: 80 }}
          {...err('contact.defaultCountry')}
        />
        <Msg fields={fields} name="contact.defaultCountry" />
      </label>
      <label>
        E-mail (optional)
        <input name="email" type="email" maxLength={254} {...err('contact.email')} />
        <Msg fields={fields} name="contact.email" />
      </label>
      <label>
        Source
        <select name="source" defaultValue="PHONE" {...err('source')}>
          {LEAD_SOURCES.map((s) => (
            <option key={s} value={s}>
              {formatStatus(s)}
            </option>
          ))}
        </select>
        <Msg fields={fields} name="source" />
      </label>
      <label style={{ flexDirection: 'row', alignItems: 'center', gap: 6 }}>
        <input type="checkbox" name="recordingConsent" />
        Agreed to visits being recorded
      </label>
      <Msg fields={fields} name="recordingConsent" />
      <label>
        Notes (optional)
        <textarea
          name="notes"
          rows={3}
          maxLength={2000}
          className={formStyles.textarea}
          {...err('notes')}
        />
        <Msg fields={fields} name="notes" />
      </label>
      {sentence && (
        <p className="error" role="alert" data-testid="lead-form-error">
          {sentence}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? 'Adding…' : 'Add lead'}
      </button>
    </form>
  );
}
