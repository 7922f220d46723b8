'use client';
// Accepting an invitation: a newcomer chooses a name and a password; someone who already has a
// login enters its password. Either way the browser is then signed in to the workspace joined.
import { useState, type FormEvent } from 'react';
import { useEnterConsole } from '../../_components/use-enter-console';
import { api } from '@/lib/trpc/react';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@/lib/schemas/account';
import { fieldErrorsOf } from '@/app/(console)/campaigns/contacts/field-errors';

function FieldError({ messages, id }: { messages: string[] | undefined; id: string }) {
  if (!messages?.length) return null;
  return (
    <span className="error" id={`accept-${id}-error`} data-testid={`accept-error-${id}`}>
      {messages.join('; ')}
    </span>
  );
}

export function AcceptInvitationForm({
  token,
  email,
  hasLogin,
}: {
  token: string;
  email: string;
  hasLogin: boolean;
}) {
  const enterConsole = useEnterConsole();
  const [signInError, setSignInError] = useState<string | null>(null);
  const accept = api.accounts.acceptInvitation.useMutation();
  const fields = fieldErrorsOf(accept.error);
  const otherError =
    accept.error && !['name', 'password'].some((f) => fields[f]?.length)
      ? accept.error.message
      : signInError;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSignInError(null);
    const data = new FormData(event.currentTarget);
    const password =
      typeof data.get('password') === 'string' ? (data.get('password') as string) : '';
    const name = data.get('name');
    const accepted = await accept
      .mutateAsync({ token, password, name: typeof name === 'string' ? name : undefined })
      .catch(() => null);
    if (!accepted) return;
    if (
      !(await enterConsole({
        email,
        password,
        tenantId: accepted.tenantId,
      }))
    )
      setSignInError('You joined, but signing in failed: sign in yourself.');
  }

  return (
    <form className="stack" onSubmit={(e) => void onSubmit(e)} noValidate>
      {hasLogin ? (
        <p className="muted">This e-mail already has a Switchboard login: enter its password.</p>
      ) : (
        <label>
          Your name
          <input name="name" required maxLength={120} autoComplete="name" />
          <FieldError messages={fields.name} id="name" />
        </label>
      )}
      <label>
        {hasLogin
          ? 'Password'
          : `Choose a password (${PASSWORD_MIN_LENGTH}–${PASSWORD_MAX_LENGTH} characters)`}
        <input
          name="password"
          type="password"
          required
          minLength={hasLogin ? undefined : PASSWORD_MIN_LENGTH}
          maxLength={PASSWORD_MAX_LENGTH}
          autoComplete={hasLogin ? 'current-password' : 'new-password'}
        />
        <FieldError messages={fields.password} id="password" />
      </label>
      {otherError && (
        <p className="error" role="alert">
          {otherError}
        </p>
      )}
      <button type="submit" disabled={accept.isPending}>
        {accept.isPending ? 'Joining…' : hasLogin ? 'Sign in and join' : 'Join'}
      </button>
    </form>
  );
}
