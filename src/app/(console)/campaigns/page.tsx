import Link from 'next/link';
import { CampaignList } from './campaign-list';
import { ReconcileNow } from './reconcile-now';

export default function CampaignsPage() {
  return (
    <>
      <h1>Campaigns</h1>
      <div className="card">
        <p className="muted" style={{ marginTop: 0 }}>
          SMS campaigns paid from the credit wallet: audiences, sends, delivery and cost.
        </p>
        <ul>
          <li>
            <Link href="/campaigns/contacts">Contacts</Link> — the audience: search, add, import
            from CSV, opt-outs
          </li>
          <li>
            <Link href="/campaigns/wallet">Wallet</Link> — balance, reservations, the ledger, buying
            credits
          </li>
        </ul>
        <div style={{ display: 'flex', gap: 12, alignItems: 'flex-start', flexWrap: 'wrap' }}>
          <Link href="/campaigns/new" className="button">
            New campaign
          </Link>
          <ReconcileNow />
        </div>
      </div>
      <CampaignList />
    </>
  );
}
