'use client';
import { useState, type FormEvent } from 'react';
import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';

export function SignInForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn('credentials', {
      email: (form.get('email') as string | null) ?? '',
      password: (form.get('password') as string | null) ?? '',
      redirect: false,
    });
    setPending(false);
    if (!result || result.error) {
      // A throttled attempt says how long to wait; anything else is the one generic answer.
      setError(
        result?.error?.startsWith('Too many failed sign-ins.')
          ? result.error
          : 'Email or password is wrong.',
      );
      return;
    }
    router.replace('/');
    router.refresh();
  }

  return (
    <form className="stack" onSubmit={(e) => void onSubmit(e)}>
      <label>
        Email
        <input name="email" type="email" autoComplete="username" required />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
