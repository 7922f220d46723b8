'use client';
// The audit log: who did what to which object, newest first, filtered by member, action prefix,
// object and time range, a page at a time. Each object links to its page where the console has one.
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { api } from '@/lib/trpc/react';
import { errorSentence } from '@/lib/trpc/errors';
import { DataTable } from '@/app/_components/data-table';
import { formatDateTime } from '@/app/_components/format';
import { fieldErrorsOf } from '../../campaigns/contacts/field-errors';
import { objectLink } from './object-link';

type Filter = { actorId?: string; action?: string; subject?: string; from?: Date; to?: Date };

const PAGE_SIZE = 50;
const text = (data: FormData, name: string) => {
  const value = data.get(name);
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
};
const dayStart = (raw: string | undefined) => (raw ? new Date(`${raw}T00:00:00Z`) : undefined);
/** "To" names a whole day: entries before the next day's start. */
const dayEnd = (raw: string | undefined) => {
  const start = dayStart(raw);
  return start ? new Date(start.getTime() + 86_400_000) : undefined;
};

function FieldError({ messages, id }: { messages: string[] | undefined; id: string }) {
  if (!messages?.length) return null;
  return (
    <span className="error" id={`audit-${id}-error`} data-testid={`audit-error-${id}`}>
      {messages.join('; ')}
    </span>
  );
}

export function AuditLog() {
  const [filter, setFilter] = useState<Filter>({});
  // The cursors of the pages before this one: Next pushes, Previous pops.
  const [cursors, setCursors] = useState<string[]>([]);
  const members = api.members.list.useQuery();
  const entries = api.audit.list.useQuery(
    { ...filter, cursor: cursors.at(-1), limit: PAGE_SIZE },
    { retry: false },
  );
  const fields = fieldErrorsOf(entries.error);
  const fieldNames = ['actorId', 'action', 'subject', 'from', 'to'];
  const otherError =
    entries.error && !fieldNames.some((f) => fields[f]?.length)
      ? errorSentence(entries.error)
      : null;

  function onSearch(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setCursors([]);
    setFilter({
      actorId: text(data, 'actorId'),
      action: text(data, 'action'),
      subject: text(data, 'subject'),
      from: dayStart(text(data, 'from')),
      to: dayEnd(text(data, 'to')),
    });
  }

  const nextCursor = entries.data?.nextCursor;
  return (
    <>
      <div className="card">
        <form
          onSubmit={onSearch}
          aria-label="Filter the audit log"
          data-testid="audit-filters"
          noValidate
          style={{ display: 'flex', gap: 12, alignItems: 'flex-start', flexWrap: 'wrap' }}
        >
          <label>
            Actor
            <select name="actorId" defaultValue="">
              <option value="">anyone</option>
              {members.data?.map((m) => (
                <option key={m.userId} value={m.userId}>
                  {m.name} ({m.email})
                </option>
              ))}
            </select>
            <FieldError messages={fields.actorId} id="actorId" />
          </label>
          <label>
            Action starts with
            <input name="action" placeholder="e.g. campaign. or wallet.adjusted" maxLength={100} />
            <FieldError messages={fields.action} id="action" />
          </label>
          <label>
            Object
            <input name="subject" placeholder="e.g. campaign:<id>" maxLength={200} />
            <FieldError messages={fields.subject} id="subject" />
          </label>
          <label>
            From (UTC)
            <input
              type="date"
              name="from"
              aria-invalid={fields.from?.length ? true : undefined}
              aria-describedby={fields.from?.length ? 'audit-from-error' : undefined}
            />
            <FieldError messages={fields.from} id="from" />
          </label>
          <label>
            To (UTC)
            <input type="date" name="to" />
            <FieldError messages={fields.to} id="to" />
          </label>
          <button type="submit" style={{ alignSelf: 'flex-end' }}>
            Search
          </button>
        </form>
      </div>
      {otherError && <p className="error">{otherError}</p>}
      <DataTable
        label="Audit entries"
        testId="audit-entries"
        rows={entries.error ? undefined : entries.data?.items}
        rowKey={(e) => e.id}
        rowProps={(e) => ({ 'data-testid': 'audit-entry', 'data-action': e.action })}
        empty="No audit entries match."
        columns={[
          { header: 'When', cell: (e) => formatDateTime(e.createdAt) },
          {
            header: 'Actor',
            cellProps: () => ({ 'data-testid': 'audit-actor' }),
            cell: (e) =>
              e.actor === null ? (
                <span className="muted">no person (provider, contact or system)</span>
              ) : e.actor.name === null ? (
                <span className="muted">former member {e.actor.id.slice(0, 8)}</span>
              ) : (
                <>
                  {e.actor.name} <span className="muted">{e.actor.email}</span>
                </>
              ),
          },
          {
            header: 'Action',
            cellProps: () => ({ 'data-testid': 'audit-action' }),
            cell: (e) => <code>{e.action}</code>,
          },
          {
            header: 'Object',
            cell: (e) => {
              const link = objectLink(e.subject, e.action);
              return link.href ? (
                <Link href={link.href} title={e.subject} data-testid="audit-object">
                  {link.label}
                </Link>
              ) : (
                <span title={e.subject}>{link.label}</span>
              );
            },
          },
          {
            header: 'Details',
            cellProps: () => ({ style: { maxWidth: 360, wordBreak: 'break-word', fontSize: 12 } }),
            cell: (e) => {
              const detail = JSON.stringify(e.detail);
              return detail === '{}' ? '' : <code>{detail.slice(0, 240)}</code>;
            },
          },
        ]}
      />
      <p style={{ display: 'flex', gap: 8 }}>
        {cursors.length > 0 && (
          <>
            <button className="secondary" onClick={() => setCursors([])}>
              Newest
            </button>
            <button className="secondary" onClick={() => setCursors((c) => c.slice(0, -1))}>
              Previous page
            </button>
          </>
        )}
        {nextCursor && (
          <button className="secondary" onClick={() => setCursors((c) => [...c, nextCursor])}>
            Next page
          </button>
        )}
      </p>
    </>
  );
}
