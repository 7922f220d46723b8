'use client';
// Take the appointment back from its rep, or cancel it (after a confirmation: a cancelled visit
// cannot be reopened). Both carry an Idempotency-Key per intent, reused when the same action is
// retried after an error, so a double click has one effect.
import { useState } from 'react';
import { errorSentence } from '@/lib/trpc/errors';
import { clientWithIdempotencyKey } from '../../campaigns/wallet/idempotent-client';
import { useIntentKey } from '../../campaigns/_editor/use-intent-key';

type Action = 'unassign' | 'cancel';

export function AppointmentActions({
  appointmentId,
  hasRep,
  onDone,
}: {
  appointmentId: string;
  hasRep: boolean;
  onDone: () => Promise<unknown>;
}) {
  const intent = useIntentKey();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState<Action | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function run(action: Action) {
    setBusy(action);
    setError(null);
    try {
      const client = clientWithIdempotencyKey(intent.keyFor(`${action}:${appointmentId}`));
      if (action === 'unassign') await client.appointments.unassign.mutate({ appointmentId });
      else await client.appointments.cancel.mutate({ appointmentId });
      intent.done();
      setConfirming(false);
      await onDone();
    } catch (e) {
      setError(errorSentence(e as never));
    } finally {
      setBusy(null);
    }
  }

  return (
    <div style={{ marginTop: 14 }}>
      <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
        {hasRep && (
          <button
            type="button"
            className="secondary"
            onClick={() => void run('unassign')}
            disabled={busy !== null}
          >
            {busy === 'unassign' ? 'Unassigning…' : 'Unassign'}
          </button>
        )}
        {!confirming && (
          <button
            type="button"
            className="secondary"
            onClick={() => setConfirming(true)}
            disabled={busy !== null}
          >
            Cancel appointment…
          </button>
        )}
      </div>
      {confirming && (
        <div
          role="group"
          aria-label="Confirm cancellation"
          style={{ marginTop: 12, padding: 12, border: '1px solid var(--bad)', borderRadius: 6 }}
        >
          <p style={{ marginTop: 0 }}>
            Cancel this appointment? {hasRep ? 'The rep’s time is freed. ' : ''}A cancelled
            appointment cannot be reopened; book a new one instead.
          </p>
          <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
            <button type="button" onClick={() => void run('cancel')} disabled={busy !== null}>
              {busy === 'cancel' ? 'Cancelling…' : 'Confirm cancellation'}
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => setConfirming(false)}
              disabled={busy !== null}
            >
              Keep it
            </button>
          </div>
        </div>
      )}
      {error && (
        <p role="alert" className="error" data-testid="appointment-action-error">
          {error}
        </p>
      )}
    </div>
  );
}
