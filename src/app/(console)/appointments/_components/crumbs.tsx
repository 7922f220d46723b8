import Link from 'next/link';
import type { ReactNode } from 'react';

/** "Appointments /" (or "Leads /") above a page of the section, with any deeper steps after it. */
export function Crumbs({
  section,
  children,
}: {
  section: 'appointments' | 'leads';
  children?: ReactNode;
}) {
  return (
    <p className="muted">
      <Link href={`/${section}`}>{section === 'leads' ? 'Leads' : 'Appointments'}</Link> /{' '}
      {children}
    </p>
  );
}
