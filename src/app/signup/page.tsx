import Link from 'next/link';
import { isSignUpEnabled } from '@/server/domain/tenants/sign-up';
import { TRPCProvider } from '@/lib/trpc/react';
import { SignUpForm } from './sign-up-form';

export const dynamic = 'force-dynamic';

export default function SignUpPage() {
  const isOpen = isSignUpEnabled();
  return (
    <div className="signin">
      <div className="card" style={{ width: 380 }}>
        <h1>Create your company on Switchboard</h1>
        {isOpen ? (
          <TRPCProvider>
            <SignUpForm />
          </TRPCProvider>
        ) : (
          <p data-testid="signup-closed">
            Sign-up is turned off on this deployment. Ask an administrator of your company for an
            invitation.
          </p>
        )}
        <p className="muted" style={{ marginTop: 16 }}>
          Already have a login? <Link href="/signin">Sign in</Link>
        </p>
      </div>
    </div>
  );
}
