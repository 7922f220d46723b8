'use client';
// A new company and its owner, then the owner is signed in with the password just chosen.
import { useState, type FormEvent } from 'react';
import Link from 'next/link';
import { useEnterConsole } from '../_components/use-enter-console';
import { api } from '@/lib/trpc/react';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@/lib/schemas/account';
import { fieldErrorsOf } from '@/app/(console)/campaigns/contacts/field-errors';

const FIELDS = ['company', 'ownerName', 'email', 'password'] as const;

function FieldError({ messages, id }: { messages: string[] | undefined; id: string }) {
  if (!messages?.length) return null;
  return (
    <span className="error" id={`signup-${id}-error`} data-testid={`signup-error-${id}`}>
      {messages.join('; ')}
    </span>
  );
}

export function SignUpForm() {
  const enterConsole = useEnterConsole();
  const [signInError, setSignInError] = useState<string | null>(null);
  const signUp = api.accounts.signUp.useMutation();
  const fields = fieldErrorsOf(signUp.error);
  const otherError =
    signUp.error && !FIELDS.some((f) => fields[f]?.length) ? signUp.error.message : signInError;
  const emailTaken = signUp.error?.data?.code === 'CONFLICT';

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSignInError(null);
    const data = new FormData(event.currentTarget);
    const value = (name: string) => {
      const v = data.get(name);
      return typeof v === 'string' ? v : '';
    };
    const input = {
      company: value('company'),
      ownerName: value('ownerName'),
      email: value('email'),
      password: value('password'),
    };
    const created = await signUp.mutateAsync(input).catch(() => null);
    if (!created) return;
    if (
      !(await enterConsole({
        email: created.email,
        password: input.password,
        tenantId: created.tenantId,
      }))
    )
      setSignInError('Your company was created, but signing in failed: sign in yourself.');
  }

  const invalid = (name: string) =>
    fields[name]?.length
      ? { 'aria-invalid': true as const, 'aria-describedby': `signup-${name}-error` }
      : {};

  return (
    <form className="stack" onSubmit={(e) => void onSubmit(e)} noValidate>
      <label>
        Company name
        <input name="company" required maxLength={100} {...invalid('company')} />
        <FieldError messages={fields.company} id="company" />
      </label>
      <label>
        Your name
        <input
          name="ownerName"
          required
          maxLength={120}
          autoComplete="name"
          {...invalid('ownerName')}
        />
        <FieldError messages={fields.ownerName} id="ownerName" />
      </label>
      <label>
        Email
        <input name="email" type="email" required autoComplete="username" {...invalid('email')} />
        <FieldError messages={fields.email} id="email" />
        {emailTaken && <Link href="/signin">Sign in instead</Link>}
      </label>
      <label>
        Password ({PASSWORD_MIN_LENGTH}–{PASSWORD_MAX_LENGTH} characters)
        <input
          name="password"
          type="password"
          required
          minLength={PASSWORD_MIN_LENGTH}
          maxLength={PASSWORD_MAX_LENGTH}
          autoComplete="new-password"
          {...invalid('password')}
        />
        <FieldError messages={fields.password} id="password" />
      </label>
      {otherError && (
        <p className="error" role="alert">
          {otherError}
        </p>
      )}
      <button type="submit" disabled={signUp.isPending}>
        {signUp.isPending ? 'Creating…' : 'Create company'}
      </button>
    </form>
  );
}
