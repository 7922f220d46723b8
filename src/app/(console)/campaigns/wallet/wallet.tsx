'use client';
// The wallet: balance, reserved and available credits, buying more, open reservations and the
// ledger, refreshed every 3 s (webhooks and campaigns move them from elsewhere; the ledger while
// only its newest page is shown).
import { api } from '@/lib/trpc/react';
import { errorSentence } from '@/lib/trpc/errors';
import { DataTable } from '@/app/_components/data-table';
import { formatDateTime, formatInteger, formatSignedInteger } from '@/app/_components/format';
import { SummaryCard, SummaryCards } from '@/app/_components/summary-cards';
import { BuyCredits } from './buy-credits';
import { Statement } from './statement';

type Props = { checkoutSessionId: string | null; returnedSessionId: string | null };

const figure = (value: number | undefined) => (value === undefined ? '…' : formatInteger(value));

export function Wallet({ checkoutSessionId, returnedSessionId }: Props) {
  const live = { refetchInterval: 3_000 };
  const summary = api.wallet.summary.useQuery(undefined, live);
  const reservations = api.wallet.reservations.useQuery(undefined, live);
  // An infinite query refetches every loaded page on each interval: polled while only the newest
  // page is loaded (where new entries appear); once older ones are read, it stays as it is.
  const ledger = api.wallet.ledger.useInfiniteQuery(
    { limit: 50 },
    {
      getNextPageParam: (page) => page.nextCursor ?? undefined,
      refetchInterval: (query) => ((query.state.data?.pages.length ?? 1) <= 1 ? 3_000 : false),
    },
  );
  const entries = ledger.data?.pages.flatMap((p) => p.items);

  return (
    <>
      <SummaryCards>
        <SummaryCard
          label="Balance"
          value={figure(summary.data?.balance)}
          testId="wallet-balance"
        />
        <SummaryCard
          label="Reserved"
          value={figure(summary.data?.reserved)}
          testId="wallet-reserved"
        />
        <SummaryCard
          label="Available"
          value={figure(summary.data?.available)}
          testId="wallet-available"
        />
      </SummaryCards>
      {summary.error && <p className="error">{errorSentence(summary.error)}</p>}

      <BuyCredits checkoutSessionId={checkoutSessionId} returnedSessionId={returnedSessionId} />

      <div className="card">
        <h2>Open reservations</h2>
        {reservations.error && <p className="error">{errorSentence(reservations.error)}</p>}
        <DataTable
          label="Open reservations"
          testId="wallet-reservations"
          rows={reservations.data}
          rowKey={(r) => r.id}
          empty="Nothing reserved right now."
          columns={[
            {
              header: 'For',
              cell: (r) => (
                <>
                  {r.purpose} <span className="muted">{r.subject}</span>
                </>
              ),
            },
            { header: 'Reserved', isNumeric: true, cell: (r) => formatInteger(r.amount) },
            { header: 'Settled', isNumeric: true, cell: (r) => formatInteger(r.settledAmount) },
            { header: 'Still held', isNumeric: true, cell: (r) => formatInteger(r.remaining) },
            { header: 'Expires', cell: (r) => formatDateTime(r.expiresAt) },
          ]}
        />
      </div>

      <Statement />

      <div className="card">
        <h2>Ledger</h2>
        {ledger.error && <p className="error">{errorSentence(ledger.error)}</p>}
        <DataTable
          label="Ledger"
          testId="wallet-ledger"
          rows={entries}
          rowKey={(e) => e.id}
          rowProps={(e) => ({ 'data-kind': e.kind })}
          empty="No credit movements yet."
          columns={[
            { header: 'When', cell: (e) => formatDateTime(e.createdAt) },
            { header: 'Kind', cell: (e) => e.kind },
            {
              header: 'Credits',
              isNumeric: true,
              cellProps: (e) => ({ className: e.amount < 0 ? 'status-bad' : 'status-ok' }),
              cell: (e) => formatSignedInteger(e.amount),
            },
            {
              header: 'Balance after',
              isNumeric: true,
              cell: (e) => formatInteger(e.balanceAfter),
            },
            { header: 'Description', cell: (e) => e.description },
          ]}
        />
        {ledger.hasNextPage && (
          <button
            type="button"
            className="secondary"
            onClick={() => void ledger.fetchNextPage()}
            disabled={ledger.isFetchingNextPage}
            style={{ marginTop: 12 }}
          >
            Load older entries
          </button>
        )}
      </div>
    </>
  );
}
