'use client';
// Contacts, newest first: search by name, email or number; filter by tag, consent, opt-out.
import { useState, type FormEvent } from 'react';
import { api } from '@/lib/trpc/react';
import { errorSentence } from '@/lib/trpc/errors';
import { DataTable, type Column } from '@/app/_components/data-table';
import { formatStatus } from '@/app/_components/format';
import { ContactForm, type EditableContact } from './contact-form';

type Consent = EditableContact['consent'];
type Filter = { search?: string; tag?: string; consent?: Consent; optedOut?: boolean };
type ContactRow = EditableContact & { optedOut: boolean; optOutSource: string | null };

const CONSENTS: Consent[] = ['UNKNOWN', 'GRANTED', 'WITHDRAWN'];
const missing = <span className="muted">—</span>;

/** A long name (up to 120 characters) cut to the column, whole in its tooltip. */
const Truncated = ({ text }: { text: string }) => (
  <span className="truncate" title={text}>
    {text}
  </span>
);

const DATA_COLUMNS: Column<ContactRow>[] = [
  { header: 'Phone', cell: (c) => <code>{c.phone}</code> },
  { header: 'Name', cell: (c) => (c.name ? <Truncated text={c.name} /> : missing) },
  { header: 'Email', cell: (c) => (c.email ? <Truncated text={c.email} /> : missing) },
  { header: 'Tags', cell: (c) => c.tags.join(', ') },
  { header: 'Consent', cell: (c) => formatStatus(c.consent) },
  {
    header: 'SMS',
    cellProps: (c) => ({
      className: c.optedOut ? 'status-bad' : 'status-ok',
      title: c.optOutSource ?? undefined,
    }),
    cell: (c) => (c.optedOut ? 'opted out' : 'subscribed'),
  },
];

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

  const columns: Column<ContactRow>[] = [
    ...DATA_COLUMNS,
    {
      header: 'Actions',
      isHeaderHidden: true,
      cellProps: () => ({ style: { whiteSpace: 'nowrap' } }),
      cell: (c) => (
        <>
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
                if (window.confirm(`Delete ${c.name ?? c.phone}?`)) remove.mutate({ id: c.id });
              }}
            >
              Delete
            </button>
          )}
        </>
      ),
    },
  ];

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
                  {formatStatus(c)}
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
      {contacts.error && <p className="error">{errorSentence(contacts.error)}</p>}
      {actionError && <p className="error">{errorSentence(actionError)}</p>}
      <DataTable
        label="Contacts"
        testId="contacts-table"
        columns={columns}
        rows={contacts.data?.items}
        rowKey={(c) => c.id}
        rowProps={() => ({ 'data-testid': 'contact-row' })}
        empty="No contacts match."
      />
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
