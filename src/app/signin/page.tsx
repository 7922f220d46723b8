import Link from 'next/link';
import { isSignUpEnabled } from '@/server/domain/tenants/sign-up';
import { SignInForm } from './sign-in-form';

export const dynamic = 'force-dynamic';

export default function SignInPage() {
  return (
    <div className="signin">
      <div className="card" style={{ width: 380 }}>
        <h1>Sign in to Switchboard</h1>
        <SignInForm />
        {isSignUpEnabled() && (
          <p className="muted" style={{ marginTop: 16 }}>
            New to Switchboard? <Link href="/signup">Create your company</Link>
          </p>
        )}
      </div>
    </div>
  );
}
