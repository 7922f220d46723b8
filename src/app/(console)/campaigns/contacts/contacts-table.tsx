'use client';
// Contacts, newest first: search by name, email or number; filter by tag, consent, opt-out.
import { useState, type FormEvent } from 'react';
import { api } from '@/lib/trpc/react';
import { ContactForm, type EditableContact } from './contact-form';

type Consent = EditableContact['consent'];
type Filter = { search?: string; tag?: string; consent?: Consent; optedOut?: boolean };

const CONSENTS: Consent[] = ['UNKNOWN', 'GRANTED', 'WITHDRAWN'];

export function ContactsTable() {
  const utils = api.useUtils();
  const [filter, setFilter] = useState<Filter>({});
  // Earlier pages' cursors, so "Previous" works without refetching from the start.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [editing, setEditing] = useState<EditableContact | 'new' | null>(null);
  const cursor = cursors[cursors.length - 1];
  const contacts = api.contacts.list.useQuery({ ...filter, cursor, limit: 50 });
  const refresh = () => utils.contacts.list.invalidate();
  const optOut = api.contacts.optOut.useMutation({ onSuccess: refresh });
  const optIn = api.contacts.optIn.useMutation({ onSuccess: refresh });
  const remove = api.contacts.delete.useMutation({ onSuccess: refresh });
  const actionError = optOut.error ?? optIn.error ?? remove.error;

  function onSearch(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const str = (k: string) => {
      const v = data.get(k);
      return typeof v === 'string' ? v.trim() : '';
    };
    const consent = CONSENTS.find((c) => c === str('consent'));
    const opted = str('optedOut');
    setCursors([undefined]);
    setFilter({
      search: str('search') || undefined,
      tag: str('tag') || undefined,
      consent,
      optedOut: opted === '' ? undefined : opted === 'yes',
    });
  }

  return (
    <>
      <div className="card">
        <form
          onSubmit={onSearch}
          data-testid="contact-filters"
          style={{ display: 'flex', gap: 12, alignItems: 'flex-end', flexWrap: 'wrap' }}
        >
          <label>
            Search
            <input name="search" placeholder="name, email or number" maxLength={100} />
          </label>
          <label>
            Tag
            <input name="tag" maxLength={50} style={{ width: 120 }} />
          </label>
          <label>
            Consent
            <select name="consent" defaultValue="">
              <option value="">any</option>
              {CONSENTS.map((c) => (
                <option key={c} value={c}>
                  {c.toLowerCase()}
                </option>
              ))}
            </select>
          </label>
          <label>
            Opted out
            <select name="optedOut" defaultValue="">
              <option value="">any</option>
              <option value="yes">yes</option>
              <option value="no">no</option>
            </select>
          </label>
          <button type="submit">Search</button>
          <button type="button" className="secondary" onClick={() => setEditing('new')}>
            Add contact
          </button>
        </form>
      </div>
      {editing && (
        <div className="card">
          <h2 style={{ fontSize: 16, marginTop: 0 }}>
            {editing === 'new' ? 'New contact' : 'Edit contact'}
          </h2>
          <ContactForm
            key={editing === 'new' ? 'new' : editing.id}
            contact={editing === 'new' ? undefined : editing}
            onDone={() => setEditing(null)}
          />
        </div>
      )}
      {contacts.error && <p className="error">{contacts.error.message}</p>}
      {actionError && <p className="error">{actionError.message}</p>}
      <table data-testid="contacts-table">
        <thead>
          <tr>
            <th>Phone</th>
            <th>Name</th>
            <th>Email</th>
            <th>Tags</th>
            <th>Consent</th>
            <th>SMS</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {contacts.data?.items.map((c) => (
            <tr key={c.id} data-testid="contact-row">
              <td>
                <code>{c.phone}</code>
              </td>
              <td>{c.name ?? <span className="muted">—</span>}</td>
              <td>{c.email ?? <span className="muted">—</span>}</td>
              <td>{c.tags.join(', ')}</td>
              <td>{c.consent.toLowerCase()}</td>
              <td
                className={c.optedOut ? 'status-bad' : 'status-ok'}
                title={c.optOutSource ?? undefined}
              >
                {c.optedOut ? 'opted out' : 'subscribed'}
              </td>
              <td style={{ whiteSpace: 'nowrap' }}>
                <button className="secondary" onClick={() => setEditing(c)}>
                  Edit
                </button>{' '}
                {c.optedOut ? (
                  <button
                    className="secondary"
                    onClick={() => optIn.mutate({ id: c.id })}
                    disabled={optIn.isPending}
                  >
                    Opt in
                  </button>
                ) : (
                  <button
                    className="secondary"
                    onClick={() => optOut.mutate({ id: c.id })}
                    disabled={optOut.isPending}
                  >
                    Opt out
                  </button>
                )}{' '}
                {!c.optedOut && (
                  <button
                    className="secondary"
                    disabled={remove.isPending}
                    onClick={() => {
                      if (window.confirm(`Delete ${c.name ?? c.phone}?`))
                        remove.mutate({ id: c.id });
                    }}
                  >
                    Delete
                  </button>
                )}
              </td>
            </tr>
          ))}
          {contacts.data?.items.length === 0 && (
            <tr>
              <td colSpan={7} className="muted">
                No contacts match.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <div style={{ display: 'flex', gap: 8, margin: '12px 0 16px' }}>
        <button
          className="secondary"
          disabled={cursors.length <= 1}
          onClick={() => setCursors((s) => s.slice(0, -1))}
        >
          Previous
        </button>
        <button
          className="secondary"
          disabled={!contacts.data?.nextCursor}
          onClick={() => setCursors((s) => [...s, contacts.data?.nextCursor ?? undefined])}
        >
          Next
        </button>
      </div>
    </>
  );
}
