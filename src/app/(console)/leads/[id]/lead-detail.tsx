'use client';
// One lead: who, how to reach them, where they came from, their status (who set it, when), and
// their recording consent. Staff set the status by hand (analysis then leaves it alone), record
// consent as the person gives or withdraws it, and book a visit.
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { api } from '@/lib/trpc/react';
import { describeError, errorSentence } from '@/lib/trpc/errors';
import { FieldError } from '@/app/_components/field-error';
import { formatDateTime, formatStatus } from '@/app/_components/format';
import { LeadStatusLine } from '../_components/lead-status-line';
import { LEAD_STATUSES, type LeadStatus } from '../_components/lead-words';

export function LeadDetail({ id }: { id: string }) {
  const lead = api.leads.get.useQuery({ id });
  if (lead.error) return <p className="error">{errorSentence(lead.error)}</p>;
  if (!lead.data) return <p className="muted">Loading…</p>;
  const l = lead.data;
  return (
    <>
      <h1>{l.contact.name ?? l.contact.phone}</h1>
      <section className="card" aria-label="Lead">
        <p style={{ marginTop: 0 }}>
          {l.contact.phone}
          {l.contact.email ? ` · ${l.contact.email}` : ''}
        </p>
        <LeadStatusLine lead={l} />
        <p>
          <span className="muted">Source:</span> {formatStatus(l.source)} ·{' '}
          <span className="muted">added {formatDateTime(l.createdAt)}</span>
        </p>
        {l.notes && <p style={{ whiteSpace: 'pre-wrap' }}>{l.notes}</p>}
        <Link href={`/appointments/new?lead=${l.id}`} className="button">
          Book an appointment
        </Link>
      </section>
      <SetStatus id={l.id} status={l.status} />
      <RecordingConsent id={l.id} consent={l.recordingConsent} at={l.recordingConsentAt} />
    </>
  );
}

function SetStatus({ id, status }: { id: string; status: LeadStatus }) {
  const utils = api.useUtils();
  const [chosen, setChosen] = useState<LeadStatus>(status);
  const set = api.leads.setStatus.useMutation({
    onSuccess: (lead) => utils.leads.get.setData({ id }, lead),
  });
  const failure = describeError(set.error, { status: 'the status' });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    set.mutate({ id, status: chosen });
  }
  return (
    <section className="card" aria-label="Set status">
      <h2 style={{ fontSize: 16, marginTop: 0 }}>Set the status by hand</h2>
      <form
        onSubmit={onSubmit}
        style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'flex-end' }}
      >
        <label>
          Status
          <select value={chosen} onChange={(e) => setChosen(e.target.value as LeadStatus)}>
            {LEAD_STATUSES.map((s) => (
              <option key={s} value={s}>
                {formatStatus(s)}
              </option>
            ))}
          </select>
          <FieldError message={failure.fields.status} />
        </label>
        <button type="submit" disabled={set.isPending}>
          {set.isPending ? 'Saving…' : 'Set status'}
        </button>
      </form>
      <p className="muted" style={{ marginBottom: 0, fontSize: 13 }}>
        A status set here is yours: the analysis of later visits no longer changes it.
      </p>
      {set.error && !failure.fields.status && <p className="error">{failure.sentence}</p>}
    </section>
  );
}

function RecordingConsent({
  id,
  consent,
  at,
}: {
  id: string;
  consent: string;
  at: Date | string | null;
}) {
  const utils = api.useUtils();
  const update = api.leads.update.useMutation({
    onSuccess: (lead) => utils.leads.get.setData({ id }, lead),
  });
  const granted = consent === 'GRANTED';
  return (
    <section className="card" aria-label="Recording consent">
      <h2 style={{ fontSize: 16, marginTop: 0 }}>Recording consent</h2>
      <p data-testid="lead-recording-consent">
        {granted
          ? `Granted ${formatDateTime(at)}: visits may be recorded.`
          : consent === 'WITHDRAWN'
            ? `Withdrawn ${formatDateTime(at)}: visits are not recorded.`
            : 'Not asked yet: visits are not recorded until the person agrees.'}
      </p>
      <button
        type="button"
        className={granted ? 'secondary' : undefined}
        disabled={update.isPending}
        onClick={() => update.mutate({ id, recordingConsent: !granted })}
      >
        {granted ? 'Record withdrawal' : 'Record consent'}
      </button>
      {update.error && <p className="error">{errorSentence(update.error)}</p>}
    </section>
  );
}
