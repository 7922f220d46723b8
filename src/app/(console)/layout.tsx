import type { ReactNode } from 'react';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { resolvePrincipal } from '@/server/auth/resolve';
import { withTenantTx } from '@/server/db/tx';
import { getSignedInProfile } from '@/server/domain/members/profile';
import { TRPCProvider } from '@/lib/trpc/react';
import { ConsoleNav } from '../_components/console-nav';

export const dynamic = 'force-dynamic';

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const { principal } = await resolvePrincipal(new Headers(await headers()));
  if (!principal) redirect('/signin');
  const profile = await withTenantTx(
    principal.tenantId,
    (tx) => getSignedInProfile(tx, { principal }),
    { userId: principal.userId },
  );
  return (
    <TRPCProvider>
      <div className="shell">
        <ConsoleNav
          tenantName={profile.tenant.name}
          userName={profile.user.name}
          role={profile.role}
        />
        <main>{children}</main>
      </div>
    </TRPCProvider>
  );
}
