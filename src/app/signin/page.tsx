import { SignInForm } from './sign-in-form';

export const dynamic = 'force-dynamic';

export default function SignInPage() {
  return (
    <div className="signin">
      <div className="card" style={{ width: 380 }}>
        <h1>Sign in to Switchboard</h1>
        <SignInForm />
      </div>
    </div>
  );
}
