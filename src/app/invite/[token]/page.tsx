import Link from 'next/link';
import { withSystemTx } from '@/server/db/tx';
import { getInvitationPreview } from '@/server/domain/members/accept-invitation';
import { INVITATION_TOKEN_PATTERN } from '@/lib/schemas/account';
import { TRPCProvider } from '@/lib/trpc/react';
import { AcceptInvitationForm } from './accept-form';

export const dynamic = 'force-dynamic';

const CLOSED: Record<'invalid' | 'accepted' | 'expired', string> = {
  invalid: 'This invitation link is not valid. It may have been withdrawn or mistyped.',
  accepted: 'This invitation was already used.',
  expired: 'This invitation has expired. Ask the person who invited you for a new one.',
};

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const preview = INVITATION_TOKEN_PATTERN.test(token)
    ? await withSystemTx((tx) => getInvitationPreview(tx, token))
    : ({ status: 'invalid' } as const);
  return (
    <div className="signin">
      <div className="card" style={{ width: 400 }}>
        {preview.status === 'open' ? (
          <>
            <h1>Join {preview.tenantName}</h1>
            <p>
              You are invited as <strong>{preview.role}</strong> with the e-mail{' '}
              <strong data-testid="invitation-email">{preview.email}</strong>.
            </p>
            <TRPCProvider>
              <AcceptInvitationForm
                token={token}
                email={preview.email}
                hasLogin={preview.hasLogin}
              />
            </TRPCProvider>
          </>
        ) : (
          <>
            <h1>Invitation</h1>
            <p data-testid="invitation-closed">{CLOSED[preview.status]}</p>
            <p className="muted">
              <Link href="/signin">Sign in</Link>
            </p>
          </>
        )}
      </div>
    </div>
  );
}
