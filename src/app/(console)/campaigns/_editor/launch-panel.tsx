'use client';
// Launch (admins): saves the draft, asks for confirmation with the audience and the cost, then
// launches now or at a chosen time. The launch carries an Idempotency-Key chosen per intent
// (campaign + time) and reused when the same launch is retried, so it can never go out twice.
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import { getQueryKey } from '@trpc/react-query';
import { api } from '@/lib/trpc/react';
import { errorSentence } from '@/lib/trpc/errors';
import { clientWithIdempotencyKey } from '../wallet/idempotent-client';
import { formatCredits, formatDateTime } from '@/app/_components/format';
import { useIntentKey } from './use-intent-key';
import type { PreviewView } from '../_components/types';

const MIN_AHEAD_MS = 60_000;

type LaunchError = { message: string; walletShort: boolean };
type Props = {
  ensureSaved: () => Promise<string>;
  preview: PreviewView | undefined;
  canLaunch: boolean;
};

function launchErrorOf(error: unknown): LaunchError {
  const message =
    error instanceof TRPCClientError
      ? errorSentence(error)
      : error instanceof Error
        ? error.message
        : String(error);
  const code =
    error instanceof TRPCClientError
      ? (error.data as { code?: string } | undefined)?.code
      : undefined;
  return { message, walletShort: code === 'PRECONDITION_FAILED' };
}

export function LaunchPanel({ ensureSaved, preview, canLaunch }: Props) {
  const router = useRouter();
  const utils = api.useUtils();
  const queryClient = useQueryClient();
  const intent = useIntentKey();
  const [confirming, setConfirming] = useState(false);
  const [later, setLater] = useState(false);
  const [at, setAt] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<LaunchError | null>(null);

  async function onConfirm() {
    let scheduledAt: Date | undefined;
    if (later) {
      scheduledAt = new Date(at);
      if (
        Number.isNaN(scheduledAt.getTime()) ||
        scheduledAt.getTime() < Date.now() + MIN_AHEAD_MS
      ) {
        setError({ message: 'choose a time at least a minute from now', walletShort: false });
        return;
      }
    }
    setBusy(true);
    setError(null);
    try {
      const id = await ensureSaved();
      const key = intent.keyFor(JSON.stringify([id, scheduledAt?.toISOString() ?? null]));
      await clientWithIdempotencyKey(key).campaigns.launch.mutate({ id, scheduledAt });
      intent.done();
      // The cached draft would flash on the campaign page before its refetch: drop it. The rest
      // is marked stale, not refetched here (this page is being left).
      queryClient.removeQueries({ queryKey: getQueryKey(api.campaigns.get, { id }, 'query') });
      await utils.campaigns.invalidate(undefined, { refetchType: 'none' });
      await utils.wallet.invalidate(undefined, { refetchType: 'none' });
      router.push(`/campaigns/${id}`);
    } catch (e) {
      setError(launchErrorOf(e));
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-label="Launch">
      <h2 style={{ fontSize: 16, marginTop: 0 }}>Launch</h2>
      <div style={{ display: 'flex', gap: 12, alignItems: 'center', flexWrap: 'wrap' }}>
        <label style={{ flexDirection: 'row', alignItems: 'center', gap: 6 }}>
          <input type="checkbox" checked={later} onChange={(e) => setLater(e.target.checked)} />
          Schedule for later
        </label>
        {later && (
          <label>
            Send at
            <input type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} />
          </label>
        )}
        {!confirming && (
          <button type="button" onClick={() => setConfirming(true)} disabled={!canLaunch || busy}>
            {later ? 'Schedule…' : 'Launch…'}
          </button>
        )}
      </div>
      {confirming && (
        <div
          role="group"
          aria-label="Confirm launch"
          style={{ marginTop: 12, padding: 12, border: '1px solid var(--accent)', borderRadius: 6 }}
        >
          <p style={{ marginTop: 0 }}>
            {preview
              ? `Send ${preview.audience.sendable} ${preview.audience.sendable === 1 ? 'message' : 'messages'} for ${formatCredits(preview.credits)}`
              : 'Send this campaign'}{' '}
            {later && at ? `at ${formatDateTime(at)}` : 'now'}? The credits are reserved at launch;
            only messages actually sent are charged.
          </p>
          <div style={{ display: 'flex', gap: 8 }}>
            <button type="button" onClick={() => void onConfirm()} disabled={busy}>
              {busy ? 'Launching…' : 'Confirm launch'}
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => setConfirming(false)}
              disabled={busy}
            >
              Back
            </button>
          </div>
        </div>
      )}
      {error && (
        <div role="alert" className="error" data-testid="launch-error" style={{ marginTop: 12 }}>
          {error.walletShort ? (
            <>
              <strong>The wallet cannot cover this campaign</strong> ({error.message}).{' '}
              <Link href="/campaigns/wallet">Buy credits</Link>, then launch again.
            </>
          ) : (
            <>Launch failed: {error.message}</>
          )}
        </div>
      )}
    </section>
  );
}
