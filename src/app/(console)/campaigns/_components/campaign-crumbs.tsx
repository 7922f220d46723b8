import Link from 'next/link';
import type { ReactNode } from 'react';

/** "Campaigns /" above a campaign page, with any deeper steps after it. */
export function CampaignCrumbs({ children }: { children?: ReactNode }) {
  return (
    <p className="muted">
      <Link href="/campaigns">Campaigns</Link> / {children}
    </p>
  );
}
