'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { signOut } from 'next-auth/react';

const SECTIONS = [
  { href: '/campaigns', label: 'Campaigns' },
  { href: '/appointments', label: 'Appointments' },
  { href: '/leads', label: 'Leads' },
  { href: '/calls', label: 'Calls' },
  { href: '/knowledge', label: 'Knowledge' },
  { href: '/conversations', label: 'Conversations' },
  { href: '/operations', label: 'Operations' },
  { href: '/operations/audit', label: 'Audit log' },
  { href: '/privacy', label: 'Privacy' },
  { href: '/settings/members', label: 'Members' },
  { href: '/settings/api-tokens', label: 'API tokens' },
  { href: '/settings/webhooks', label: 'Webhooks' },
  { href: '/settings/voice-lines', label: 'Voice lines' },
];

export function ConsoleNav({
  tenantName,
  userName,
  role,
}: {
  tenantName: string;
  userName: string;
  role: string;
}) {
  const pathname = usePathname();
  // The longest matching section is the current one (/operations/audit is not also Operations).
  const current = SECTIONS.filter((s) => pathname.startsWith(s.href)).sort(
    (a, b) => b.href.length - a.href.length,
  )[0]?.href;
  return (
    <nav className="nav" aria-label="Sections">
      <div className="brand">Switchboard</div>
      {SECTIONS.map((s) => (
        // No prefetch: each page view would fetch every section (twice, layout and page).
        <Link
          key={s.href}
          href={s.href}
          prefetch={false}
          aria-current={s.href === current ? 'page' : undefined}
        >
          {s.label}
        </Link>
      ))}
      <div className="who">
        <div data-testid="tenant-name">{tenantName}</div>
        <div>
          {userName} · {role}
        </div>
        <button
          className="secondary"
          style={{ marginTop: 8 }}
          onClick={() => void signOut({ callbackUrl: '/signin' })}
        >
          Sign out
        </button>
      </div>
    </nav>
  );
}
