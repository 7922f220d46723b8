'use client';
// One simulated call: what was said on both sides, and the caller's controls while the assistant
// listens (speech, keys, hang up).
import { useState, type FormEvent } from 'react';
import Link from 'next/link';
import { FieldError } from '@/app/_components/field-error';
import { describeError } from '@/lib/trpc/errors';
import type { inferRouterOutputs } from '@trpc/server';
import { api } from '@/lib/trpc/react';
import type { AppRouter } from '@/server/trpc/root';

type View = inferRouterOutputs<AppRouter>['callSimulator']['state'];

const PHASES: Record<View['phase'], string> = {
  listening: 'The assistant is listening.',
  transferred: 'The caller was transferred to a person.',
  recording: 'The caller is leaving a message.',
  ended: 'The call has ended.',
};

export function Conversation({ callId, initial }: { callId: string; initial?: View }) {
  const utils = api.useUtils();
  const state = api.callSimulator.state.useQuery({ callId }, { initialData: initial });
  const [text, setText] = useState('');
  const [digits, setDigits] = useState('');
  const settle = {
    onSuccess: (view: View) => utils.callSimulator.state.setData({ callId }, view),
  };
  const say = api.callSimulator.say.useMutation(settle);
  const keys = api.callSimulator.digits.useMutation(settle);
  const hangUp = api.callSimulator.hangUp.useMutation(settle);
  const busy = say.isPending || keys.isPending || hangUp.isPending;
  const sayFailure = describeError(say.error, { text: 'what the caller says' });
  const keyFailure = describeError(keys.error, { digits: 'the keys' });
  const otherError = [sayFailure, keyFailure, describeError(hangUp.error)].find(
    (f) => f.sentence && Object.keys(f.fields).length === 0,
  );
  const view = state.data;
  if (!view) return <p className="muted">Loading the call…</p>;

  function onSay(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    say.mutate({ callId, text }, { onSuccess: () => setText('') });
  }
  function onKeys(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    keys.mutate({ callId, digits }, { onSuccess: () => setDigits('') });
  }

  return (
    <div className="card" data-testid="simulated-call" data-phase={view.phase}>
      <h2 className="card-title">
        Call from {view.from} to {view.to}
      </h2>
      <ol className="conversation" data-testid="simulated-conversation" aria-live="polite">
        {view.lines.map((line, index) => (
          <li key={index} className={`say say-${line.who}`}>
            {line.who === 'event' ? (
              <em>{line.text}</em>
            ) : (
              <>
                <strong>{line.who === 'caller' ? 'Caller' : 'Assistant'}:</strong> {line.text}
              </>
            )}
          </li>
        ))}
      </ol>
      <p role="status" data-testid="simulated-phase">
        {PHASES[view.phase]}
        {view.phase === 'transferred' && view.transferredTo ? ` (${view.transferredTo})` : ''}
        {view.storedCallId && (
          <>
            {' '}
            <Link href={`/calls/${view.storedCallId}`}>Open the call record</Link>
          </>
        )}
      </p>
      {otherError && (
        <p className="error" role="alert">
          {otherError.sentence}
        </p>
      )}
      {view.isListening && (
        <div className="caller-controls">
          <form className="stack wide-form" onSubmit={onSay} noValidate aria-label="Say">
            <label>
              What the caller says
              <input
                name="text"
                value={text}
                maxLength={4000}
                autoComplete="off"
                placeholder="e.g. When are you open?"
                aria-invalid={sayFailure.fields.text ? true : undefined}
                onChange={(e) => setText(e.target.value)}
              />
              <FieldError message={sayFailure.fields.text} />
            </label>
            <div className="button-row">
              <button type="submit" disabled={busy}>
                {say.isPending ? 'The assistant is answering…' : 'Say'}
              </button>
            </div>
          </form>
          <form className="stack" onSubmit={onKeys} noValidate aria-label="Key digits">
            <label>
              Keys
              <input
                name="digits"
                value={digits}
                inputMode="numeric"
                maxLength={32}
                placeholder="0 for a person"
                aria-invalid={keyFailure.fields.digits ? true : undefined}
                onChange={(e) => setDigits(e.target.value)}
              />
              <FieldError message={keyFailure.fields.digits} />
            </label>
            <div className="button-row">
              <button type="submit" className="secondary" disabled={busy}>
                Send keys
              </button>
            </div>
          </form>
        </div>
      )}
      {view.phase !== 'ended' && (
        <div className="button-row">
          <button
            type="button"
            className="secondary"
            disabled={busy}
            onClick={() => hangUp.mutate({ callId })}
          >
            {view.phase === 'recording' ? 'Hang up (ends the message)' : 'Hang up'}
          </button>
        </div>
      )}
    </div>
  );
}
