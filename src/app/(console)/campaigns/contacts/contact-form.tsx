'use client';
// Add or edit one contact. Errors come back from the server per field (the same rules the
// importer applies) and are shown next to their inputs.
import { useState, type FormEvent } from 'react';
import { api } from '@/lib/trpc/react';
import { errorSentence } from '@/lib/trpc/errors';
import { fieldErrorsOf } from './field-errors';

export type EditableContact = {
  id: string;
  phone: string;
  name: string | null;
  email: string | null;
  tags: string[];
  consent: 'UNKNOWN' | 'GRANTED' | 'WITHDRAWN';
};

const text = (data: FormData, key: string) => {
  const v = data.get(key);
  return typeof v === 'string' ? v : '';
};
const tagsOf = (raw: string) =>
  raw
    .split(/[;,|]/)
    .map((t) => t.trim())
    .filter(Boolean);
const consentOf = (raw: string): EditableContact['consent'] =>
  raw === 'GRANTED' || raw === 'WITHDRAWN' ? raw : 'UNKNOWN';

function Err({ messages, id }: { messages: string[] | undefined; id: string }) {
  if (!messages?.length) return null;
  return (
    <span className="error" data-testid={`error-${id}`}>
      {messages.join('; ')}
    </span>
  );
}

export function ContactForm({
  contact,
  onDone,
}: {
  contact?: EditableContact;
  onDone: () => void;
}) {
  const utils = api.useUtils();
  const [formError, setFormError] = useState<string | null>(null);
  const done = async () => {
    await utils.contacts.list.invalidate();
    onDone();
  };
  const create = api.contacts.create.useMutation({ onSuccess: done });
  const update = api.contacts.update.useMutation({ onSuccess: done });
  const pending = create.isPending || update.isPending;
  const error = contact ? update.error : create.error;
  const fields = fieldErrorsOf(error);
  const shownFields = ['phone', 'defaultCountry', 'name', 'email', 'tags', 'consent'];
  const otherError =
    error && !shownFields.some((f) => fields[f]?.length) ? errorSentence(error) : formError;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    const data = new FormData(event.currentTarget);
    const country = text(data, 'defaultCountry').trim();
    const input = {
      phone: text(data, 'phone'),
      defaultCountry: country ? (country.toUpperCase() as 'DE') : undefined,
      name: text(data, 'name').trim() || null,
      email: text(data, 'email').trim() || null,
      tags: tagsOf(text(data, 'tags')),
      consent: consentOf(text(data, 'consent')),
    };
    if (contact) update.mutate({ id: contact.id, ...input });
    else create.mutate(input);
  }

  return (
    <form className="stack" onSubmit={onSubmit} data-testid="contact-form" noValidate>
      <label>
        Phone
        <input
          name="phone"
          defaultValue={contact?.phone ?? ''}
          placeholder="+49 151 12345678 or 0151 12345678"
          required
          maxLength={40}
        />
        <Err messages={fields.phone} id="phone" />
      </label>
      <label>
        Country for numbers without +code (optional)
        <input name="defaultCountry" placeholder="DE" maxLength={2} style={{ width: 80 }} />
        <Err messages={fields.defaultCountry} id="defaultCountry" />
      </label>
      <label>
        Name
        <input name="name" defaultValue={contact?.name ?? ''} maxLength={120} />
        <Err messages={fields.name} id="name" />
      </label>
      <label>
        Email
        <input name="email" type="email" defaultValue={contact?.email ?? ''} maxLength={254} />
        <Err messages={fields.email} id="email" />
      </label>
      <label>
        Tags (separated by ; or ,)
        <input name="tags" defaultValue={contact?.tags.join('; ') ?? ''} />
        <Err messages={fields.tags} id="tags" />
      </label>
      <label>
        Marketing consent
        <select name="consent" defaultValue={contact?.consent ?? 'UNKNOWN'}>
          <option value="UNKNOWN">unknown</option>
          <option value="GRANTED">granted</option>
          <option value="WITHDRAWN">withdrawn</option>
        </select>
        <Err messages={fields.consent} id="consent" />
      </label>
      {otherError && <p className="error">{otherError}</p>}
      <div style={{ display: 'flex', gap: 8 }}>
        <button type="submit" disabled={pending}>
          {contact ? 'Save' : 'Add contact'}
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
