import Link from 'next/link';

export default function CampaignsPage() {
  return (
    <>
      <h1>Campaigns</h1>
      <div className="card">
        <p className="muted">
          SMS campaigns paid from the credit wallet: audiences, sends, delivery and cost.
        </p>
        <ul>
          <li>
            <Link href="/campaigns/contacts">Contacts</Link> — the audience: search, add, import from
            CSV, opt-outs
          </li>
          <li>
            <Link href="/campaigns/wallet">Wallet</Link> — balance, reservations, the ledger, buying
            credits
          </li>
        </ul>
      </div>
    </>
  );
}
