'use client';
// Pick a line, place the call, then speak or key digits as the caller and read what the assistant
// says back, until it hands the caller over or someone hangs up.
import { useState, type FormEvent } from 'react';
import Link from 'next/link';
import { FieldError } from '@/app/_components/field-error';
import { describeError } from '@/lib/trpc/errors';
import { api } from '@/lib/trpc/react';
import { useIsAdmin } from '../../campaigns/_components/use-is-admin';
import { Conversation } from './conversation';

/** A number that reads as a test caller (the Twilio simulator accepts any valid E.164). */
const DEFAULT_FROM = '+4915112345678';

export function CallSimulator({ initialLineId }: { initialLineId?: string }) {
  const isAdmin = useIsAdmin();
  const lines = api.voiceLines.list.useQuery();
  const [lineId, setLineId] = useState(initialLineId ?? '');
  const [from, setFrom] = useState(DEFAULT_FROM);
  const [callId, setCallId] = useState<string | null>(null);
  const place = api.callSimulator.place.useMutation({ onSuccess: (call) => setCallId(call.id) });
  const chosen = lineId || lines.data?.[0]?.id || '';
  const failure = describeError(place.error, { lineId: 'the line', from: 'the caller number' });

  function onPlace(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    place.mutate({ lineId: chosen, from });
  }

  if (lines.data && lines.data.length === 0)
    return (
      <p className="card">
        There is no voice line to call yet. <Link href="/settings/voice-lines">Add one</Link> first.
      </p>
    );
  if (isAdmin === false)
    return (
      <p className="card">Only admins place simulated calls (they become real call records).</p>
    );

  return (
    <>
      <div className="card">
        <form className="stack wide-form" onSubmit={onPlace} noValidate aria-label="Place a call">
          <div className="field-row">
            <label>
              Line
              <select name="lineId" value={chosen} onChange={(e) => setLineId(e.target.value)}>
                {(lines.data ?? []).map((l) => (
                  <option key={l.id} value={l.id}>
                    {l.label} ({l.phone}, {l.language})
                  </option>
                ))}
              </select>
              <FieldError message={failure.fields.lineId} />
            </label>
            <label>
              Caller number
              <input
                name="from"
                value={from}
                inputMode="tel"
                aria-invalid={failure.fields.from ? true : undefined}
                onChange={(e) => setFrom(e.target.value)}
              />
              <FieldError message={failure.fields.from} />
            </label>
          </div>
          {place.error && Object.keys(failure.fields).length === 0 && (
            <p className="error" role="alert">
              {failure.sentence}
            </p>
          )}
          <div className="button-row">
            <button type="submit" disabled={place.isPending || !chosen}>
              {place.isPending ? 'Ringing…' : callId ? 'Place another call' : 'Place call'}
            </button>
          </div>
        </form>
      </div>
      {callId && <Conversation key={callId} callId={callId} initial={place.data} />}
    </>
  );
}
