'use client';
// Buying credits: pick a pack, start a Checkout session (real Stripe, or the simulator's hosted
// page), and the checkouts still open. The wallet is credited by the webhook, not by this page.
import { useState } from 'react';
import { TRPCClientError } from '@trpc/client';
import { api } from '@/lib/trpc/react';
import { errorSentence } from '@/lib/trpc/errors';
import { DataTable } from '@/app/_components/data-table';
import { formatCredits, formatDateTime, formatMoney } from '@/app/_components/format';
import { clientWithIdempotencyKey } from './idempotent-client';

type Props = { checkoutSessionId: string | null; returnedSessionId: string | null };

export function BuyCredits({ checkoutSessionId, returnedSessionId }: Props) {
  const utils = api.useUtils();
  const packs = api.wallet.packs.useQuery();
  const checkouts = api.wallet.checkouts.useQuery(undefined, { refetchInterval: 3_000 });
  const [packId, setPackId] = useState<string>('');
  // One key per intended purchase: a retried click after a lost answer reuses it (same session).
  const [purchase, setPurchase] = useState<{ packId: string; key: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const pay = api.wallet.completeSimulatedCheckout.useMutation({
    onSettled: () => void utils.wallet.invalidate(),
  });
  const simulator = packs.data?.simulator ?? false;
  const open = checkouts.data?.filter((c) => c.status === 'OPEN') ?? [];
  const hosted = checkoutSessionId
    ? checkouts.data?.find((c) => c.checkoutSessionId === checkoutSessionId)
    : undefined;

  async function onBuy() {
    const chosen = packId || packs.data?.packs[0]?.id;
    if (!chosen) return;
    const intent =
      purchase?.packId === chosen ? purchase : { packId: chosen, key: crypto.randomUUID() };
    setPurchase(intent);
    setBusy(true);
    setError(null);
    try {
      const started = await clientWithIdempotencyKey(intent.key).wallet.startTopUp.mutate({
        packId: chosen as 'credits-1000',
      });
      setPurchase(null);
      await utils.wallet.checkouts.invalidate();
      // Real Stripe (or the simulator's hosted page, which is this page with ?checkout=…).
      window.location.assign(started.url);
    } catch (e) {
      setError(e instanceof TRPCClientError ? errorSentence(e) : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="card">
      <h2>Buy credits</h2>
      {returnedSessionId && (
        <p className="status-ok">
          Payment received; the credits appear as soon as Stripe&apos;s confirmation is processed.
        </p>
      )}
      {hosted && simulator && (
        <div className="card" data-testid="simulated-checkout">
          <strong>Stripe Checkout (simulator)</strong>
          <p>
            {formatCredits(hosted.credits)} for {formatMoney(hosted.amountMinor, hosted.currency)} —{' '}
            {hosted.status === 'PAID' ? 'paid' : 'awaiting payment'}
          </p>
          {hosted.status === 'OPEN' && (
            <button
              type="button"
              onClick={() => pay.mutate({ checkoutSessionId: hosted.checkoutSessionId })}
              disabled={pay.isPending}
              data-testid="simulated-pay"
            >
              Pay (simulator)
            </button>
          )}
        </div>
      )}
      <div style={{ display: 'flex', gap: 12, alignItems: 'flex-end', flexWrap: 'wrap' }}>
        <label>
          Pack
          <select
            value={packId || packs.data?.packs[0]?.id || ''}
            onChange={(e) => setPackId(e.target.value)}
            data-testid="pack-select"
          >
            {packs.data?.packs.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} — {formatMoney(p.amountMinor, p.currency)}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          onClick={() => void onBuy()}
          disabled={busy || !packs.data}
          data-testid="buy-credits"
        >
          Buy credits
        </button>
        {simulator && <span className="muted">Simulator mode: no real payment is taken.</span>}
      </div>
      {(error ?? (pay.error ? errorSentence(pay.error) : undefined)) && (
        <p className="error">{error ?? (pay.error ? errorSentence(pay.error) : undefined)}</p>
      )}
      {pay.data && (
        <p className="muted">Payment sent; waiting for the webhook to credit the wallet.</p>
      )}
      {open.length > 0 && (
        <>
          <h3>Open checkouts</h3>
          <DataTable
            label="Open checkouts"
            rows={open}
            rowKey={(c) => c.id}
            columns={[
              { header: 'Started', cell: (c) => formatDateTime(c.createdAt) },
              { header: 'Pack', cell: (c) => formatCredits(c.credits) },
              {
                header: 'Price',
                isNumeric: true,
                cell: (c) => formatMoney(c.amountMinor, c.currency),
              },
              {
                header: 'Actions',
                isHeaderHidden: true,
                cell: (c) =>
                  simulator ? (
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => pay.mutate({ checkoutSessionId: c.checkoutSessionId })}
                      disabled={pay.isPending}
                    >
                      Pay (simulator)
                    </button>
                  ) : (
                    c.checkoutUrl && <a href={c.checkoutUrl}>Continue to Stripe</a>
                  ),
              },
            ]}
          />
        </>
      )}
    </div>
  );
}
