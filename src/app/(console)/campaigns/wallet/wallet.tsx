'use client';
import { useState } from 'react';
import { api } from '@/lib/trpc/react';
import { clientWithIdempotencyKey } from './idempotent-client';

const credits = (n: number) => n.toLocaleString('en-GB');
const money = (minor: number, currency: string) =>
  new Intl.NumberFormat('en-GB', { style: 'currency', currency: currency.toUpperCase() }).format(
    minor / 100,
  );
const when = (value: Date | string | null) => (value ? new Date(value).toLocaleString() : '—');

function Figure({
  label,
  value,
  testId,
}: {
  label: string;
  value: number | undefined;
  testId: string;
}) {
  return (
    <div className="card" style={{ flex: 1, minWidth: 160, marginBottom: 0 }}>
      <div className="muted" style={{ fontSize: 13 }}>
        {label}
      </div>
      <div data-testid={testId} style={{ fontSize: 26, fontWeight: 600 }}>
        {value === undefined ? '…' : credits(value)}
      </div>
    </div>
  );
}

type Props = { checkoutSessionId: string | null; returnedSessionId: string | null };

export function Wallet({ checkoutSessionId, returnedSessionId }: Props) {
  const live = { refetchInterval: 3_000 };
  const summary = api.wallet.summary.useQuery(undefined, live);
  const reservations = api.wallet.reservations.useQuery(undefined, live);
  const ledger = api.wallet.ledger.useInfiniteQuery(
    { limit: 50 },
    { ...live, getNextPageParam: (page) => page.nextCursor ?? undefined },
  );
  const entries = ledger.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap', marginBottom: 16 }}>
        <Figure label="Balance" value={summary.data?.balance} testId="wallet-balance" />
        <Figure label="Reserved" value={summary.data?.reserved} testId="wallet-reserved" />
        <Figure label="Available" value={summary.data?.available} testId="wallet-available" />
      </div>
      {summary.error && <p className="error">{summary.error.message}</p>}

      <BuyCredits checkoutSessionId={checkoutSessionId} returnedSessionId={returnedSessionId} />

      <div className="card">
        <h2>Open reservations</h2>
        {reservations.data?.length === 0 && <p className="muted">Nothing reserved right now.</p>}
        {!!reservations.data?.length && (
          <table data-testid="wallet-reservations">
            <thead>
              <tr>
                <th>For</th>
                <th>Reserved</th>
                <th>Settled</th>
                <th>Still held</th>
                <th>Expires</th>
              </tr>
            </thead>
            <tbody>
              {reservations.data.map((r) => (
                <tr key={r.id}>
                  <td>
                    {r.purpose} <span className="muted">{r.subject}</span>
                  </td>
                  <td>{credits(r.amount)}</td>
                  <td>{credits(r.settledAmount)}</td>
                  <td>{credits(r.remaining)}</td>
                  <td>{when(r.expiresAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>

      <div className="card">
        <h2>Ledger</h2>
        {ledger.error && <p className="error">{ledger.error.message}</p>}
        {ledger.data && entries.length === 0 && <p className="muted">No credit movements yet.</p>}
        {entries.length > 0 && (
          <table data-testid="wallet-ledger">
            <thead>
              <tr>
                <th>When</th>
                <th>Kind</th>
                <th>Credits</th>
                <th>Balance after</th>
                <th>Description</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} data-kind={e.kind}>
                  <td>{when(e.createdAt)}</td>
                  <td>{e.kind}</td>
                  <td className={e.amount < 0 ? 'status-bad' : 'status-ok'}>
                    {(e.amount > 0 ? '+' : '') + credits(e.amount)}
                  </td>
                  <td>{credits(e.balanceAfter)}</td>
                  <td>{e.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {ledger.hasNextPage && (
          <button
            type="button"
            className="secondary"
            onClick={() => void ledger.fetchNextPage()}
            disabled={ledger.isFetchingNextPage}
          >
            Load older entries
          </button>
        )}
      </div>
    </>
  );
}

function BuyCredits({ checkoutSessionId, returnedSessionId }: Props) {
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
      setError(e instanceof Error ? e.message : String(e));
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
            {credits(hosted.credits)} credits for {money(hosted.amountMinor, hosted.currency)} —{' '}
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
                {p.name} — {money(p.amountMinor, p.currency)}
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
      {(error ?? pay.error?.message) && <p className="error">{error ?? pay.error?.message}</p>}
      {pay.data && (
        <p className="muted">Payment sent; waiting for the webhook to credit the wallet.</p>
      )}
      {open.length > 0 && (
        <>
          <h3>Open checkouts</h3>
          <table>
            <thead>
              <tr>
                <th>Started</th>
                <th>Pack</th>
                <th>Price</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {open.map((c) => (
                <tr key={c.id}>
                  <td>{when(c.createdAt)}</td>
                  <td>{credits(c.credits)} credits</td>
                  <td>{money(c.amountMinor, c.currency)}</td>
                  <td>
                    {simulator ? (
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
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
