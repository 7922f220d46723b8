import Link from 'next/link';
import { Wallet } from './wallet';

export const dynamic = 'force-dynamic';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** `?checkout=cs_…` is the Checkout simulator's hosted page; `?paid=cs_…` is Stripe's return. */
export default async function WalletPage({ searchParams }: Props) {
  const params = await searchParams;
  const one = (value: string | string[] | undefined) =>
    typeof value === 'string' && /^cs_[A-Za-z0-9_]{1,250}$/.test(value) ? value : null;
  return (
    <>
      <p className="muted">
        <Link href="/campaigns">Campaigns</Link> /
      </p>
      <h1>Wallet</h1>
      <p className="muted">
        Prepaid SMS credits. A campaign reserves what it needs before it sends, is debited per
        message actually sent, and hands the rest back when it ends. Every change is a ledger entry
        with the balance after it.
      </p>
      <Wallet checkoutSessionId={one(params.checkout)} returnedSessionId={one(params.paid)} />
    </>
  );
}
