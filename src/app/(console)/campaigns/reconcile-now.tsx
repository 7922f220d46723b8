'use client';
// "Reconcile now" (admins): runs the campaign reconciler for this workspace at once and says
// what it repaired; normally it runs on its own for campaigns quiet for ten minutes.
import { api } from '@/lib/trpc/react';
import { errorSentence } from '@/lib/trpc/errors';
import { useIsAdmin } from './_components/use-is-admin';

type Report = {
  examined: number;
  actions: Record<
    'recount' | 'requeue_batch' | 'release_reservation' | 'complete' | 'expire_reservation',
    number
  >;
};

const WORDS: [keyof Report['actions'], string][] = [
  ['recount', 'totals recounted'],
  ['requeue_batch', 'batches re-queued'],
  ['release_reservation', 'reservations released'],
  ['complete', 'campaigns completed'],
  ['expire_reservation', 'expired reservations closed'],
];

function describeReport(report: Report): string {
  const done = WORDS.filter(([key]) => report.actions[key] > 0).map(
    ([key, words]) => `${report.actions[key]} ${words}`,
  );
  const examined = `${report.examined} sending or cancelled ${report.examined === 1 ? 'campaign' : 'campaigns'} examined`;
  return done.length === 0
    ? `${examined}; nothing needed repair.`
    : `${examined}: ${done.join(', ')}.`;
}

export function ReconcileNow() {
  const isAdmin = useIsAdmin();
  const utils = api.useUtils();
  const reconcile = api.campaigns.reconcileNow.useMutation({
    onSettled: () => void utils.campaigns.invalidate(),
  });
  if (!isAdmin) return null;
  return (
    <div>
      <button
        type="button"
        className="secondary"
        onClick={() => reconcile.mutate()}
        disabled={reconcile.isPending}
      >
        {reconcile.isPending ? 'Reconciling…' : 'Reconcile now'}
      </button>
      <div aria-live="polite" style={{ fontSize: 13, marginTop: 6 }}>
        {reconcile.data && (
          <span data-testid="reconcile-report">{describeReport(reconcile.data)}</span>
        )}
        {reconcile.error && <span className="error">{errorSentence(reconcile.error)}</span>}
      </div>
    </div>
  );
}
