// Label-and-figure tiles (wallet balance, queue depth) and their compact form inside a card (a
// campaign's counts). A description list, so each figure is read out with its label. No state:
// usable from server and client components.
import Link from 'next/link';
import type { ReactNode } from 'react';

export function SummaryCards({
  isCompact = false,
  children,
}: {
  /** Small figures in a row, without tiles, for inside a card. */
  isCompact?: boolean;
  children: ReactNode;
}) {
  return <dl className={isCompact ? 'summary-cards compact' : 'summary-cards'}>{children}</dl>;
}

export function SummaryCard({
  label,
  value,
  testId,
  tone,
  hint,
  link,
}: {
  label: ReactNode;
  /** Already formatted (see ./format), or "…" while loading. */
  value: ReactNode;
  testId?: string;
  tone?: 'ok' | 'bad';
  hint?: ReactNode;
  link?: { href: string; label: string };
}) {
  return (
    <div className="summary-card">
      <dt>{label}</dt>
      <dd data-testid={testId} className={tone ? `figure status-${tone}` : 'figure'}>
        {value}
      </dd>
      {hint !== undefined && <dd className="muted hint">{hint}</dd>}
      {link && (
        <dd className="hint">
          <Link href={link.href}>{link.label}</Link>
        </dd>
      )}
    </div>
  );
}
