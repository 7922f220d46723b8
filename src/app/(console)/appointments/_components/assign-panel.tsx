'use client';
// Assign an appointment by choosing a rep. As soon as a rep is chosen, their calendar is checked
// (appointments.clashes) and whatever is in the way is shown before saving; saving anyway is
// allowed, and the server's CONFLICT (the database has the last word) names the clashing
// appointment the same way. The assign call carries an Idempotency-Key per intent (appointment +
// rep), reused when the same assignment is retried.
import { useState } from 'react';
import { api } from '@/lib/trpc/react';
import { errorSentence } from '@/lib/trpc/errors';
import { clientWithIdempotencyKey } from '../../campaigns/wallet/idempotent-client';
import { useIntentKey } from '../../campaigns/_editor/use-intent-key';
import { ClashList, clashesOfError, type ClashView } from './clash-list';

type Props = {
  appointmentId: string;
  /** The rep holding it now, if any (reassigning ends that assignment). */
  currentRepId: string | null;
  /** Called after a successful save, to refresh what shows the appointment. */
  onSaved: () => Promise<unknown> | void;
  /** A short form for the unassigned queue. */
  isCompact?: boolean;
};

type Failure = { sentence: string; clashes: ClashView[] };

export function AssignPanel({ appointmentId, currentRepId, onSaved, isCompact = false }: Props) {
  const reps = api.appointments.reps.useQuery(undefined, { staleTime: 60_000 });
  const [repId, setRepId] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const intent = useIntentKey();
  const chosen = repId !== '' && repId !== currentRepId;
  const preview = api.appointments.clashes.useQuery(
    { appointmentId, repId },
    { enabled: chosen, staleTime: 0 },
  );
  const clashes = preview.data?.clashes;
  const selectId = `assign-rep-${appointmentId}`;

  async function onAssign() {
    if (!chosen) return;
    setBusy(true);
    setFailure(null);
    try {
      const key = intent.keyFor(JSON.stringify([appointmentId, repId]));
      await clientWithIdempotencyKey(key).appointments.assign.mutate({ appointmentId, repId });
      intent.done();
      setRepId('');
      await onSaved();
    } catch (error) {
      // A refusal is final for this intent; a later try (the calendar changed) is a new one.
      intent.done();
      setFailure({ sentence: errorSentence(error as never), clashes: clashesOfError(error) });
    } finally {
      setBusy(false);
    }
  }

  const noReps = reps.data?.length === 0;
  return (
    <div
      role="group"
      aria-label={isCompact ? `Assign appointment ${appointmentId}` : 'Assign to a rep'}
      data-testid="assign-panel"
    >
      <div style={{ display: 'flex', gap: 8, alignItems: 'flex-end', flexWrap: 'wrap' }}>
        <label htmlFor={selectId} style={{ flex: '1 1 160px' }}>
          {currentRepId ? 'Reassign to' : 'Assign to'}
          <select
            id={selectId}
            value={repId}
            onChange={(e) => {
              setRepId(e.target.value);
              setFailure(null);
            }}
            disabled={busy || !reps.data || noReps}
          >
            <option value="">{reps.data ? 'Choose a rep…' : 'Loading reps…'}</option>
            {reps.data?.map((r) => (
              <option key={r.id} value={r.id} disabled={r.id === currentRepId}>
                {r.name ?? r.email}
                {r.id === currentRepId ? ' (now)' : ''}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void onAssign()} disabled={!chosen || busy}>
          {busy ? 'Saving…' : currentRepId ? 'Reassign' : 'Assign'}
        </button>
      </div>
      {noReps && (
        <p className="muted" style={{ marginBottom: 0 }}>
          No member has the REP role yet: invite one under Members.
        </p>
      )}
      {reps.error && <p className="error">{errorSentence(reps.error)}</p>}
      {chosen && clashes && clashes.length > 0 && (
        <div className="error" role="status" data-testid="clash-preview" style={{ marginTop: 8 }}>
          This rep already has {clashes.length === 1 ? 'an appointment' : 'appointments'} at this
          time:
          <ClashList clashes={clashes} testId="clash-preview-list" />
        </div>
      )}
      {chosen && clashes?.length === 0 && (
        <p className="muted" data-testid="clash-free" style={{ margin: '8px 0 0' }}>
          Free at this time.
        </p>
      )}
      {chosen && preview.error && <p className="error">{errorSentence(preview.error)}</p>}
      {failure && (
        <div role="alert" className="error" data-testid="assign-error" style={{ marginTop: 8 }}>
          Not assigned: {failure.sentence}
          {failure.clashes.length > 0 && (
            <ClashList clashes={failure.clashes} testId="assign-error-clashes" />
          )}
        </div>
      )}
    </div>
  );
}
