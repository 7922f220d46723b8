'use client';
// Invite by e-mail and role. The link is shown here once (only a hash of it is stored); with SMTP
// configured it is also e-mailed by a background job.
import { useState, type FormEvent } from 'react';
import { api } from '@/lib/trpc/react';
import { formatDateTime } from '@/app/_components/format';
import { fieldErrorsOf } from '../../campaigns/contacts/field-errors';

const INVITABLE = ['STAFF', 'REP', 'ADMIN'] as const;
type Invitable = (typeof INVITABLE)[number];

function FieldError({ messages, id }: { messages: string[] | undefined; id: string }) {
  if (!messages?.length) return null;
  return (
    <span className="error" id={`invite-${id}-error`} data-testid={`invite-error-${id}`}>
      {messages.join('; ')}
    </span>
  );
}

type Shown = { link: string; email: string; expiresAt: string; isEmailQueued: boolean };

export function InviteForm() {
  const utils = api.useUtils();
  const [shown, setShown] = useState<Shown | null>(null);
  const invite = api.members.invite.useMutation({
    onSuccess: async (created) => {
      setShown({
        link: `${window.location.origin}${created.path}`,
        email: created.email,
        expiresAt: created.expiresAt,
        isEmailQueued: created.isEmailQueued,
      });
      await utils.members.invitations.invalidate();
    },
  });
  const fields = fieldErrorsOf(invite.error);
  const otherError =
    invite.error && !['email', 'role'].some((f) => fields[f]?.length) ? invite.error.message : null;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const role = data.get('role');
    setShown(null);
    invite.mutate(
      {
        email: typeof data.get('email') === 'string' ? (data.get('email') as string) : '',
        role: INVITABLE.includes(role as Invitable) ? (role as Invitable) : 'STAFF',
      },
      { onSuccess: () => form.reset() },
    );
  }

  return (
    <div className="card">
      <h2 style={{ fontSize: 16, marginTop: 0 }}>Invite someone</h2>
      <form className="stack" onSubmit={onSubmit} noValidate>
        <label>
          E-mail
          <input
            name="email"
            type="email"
            required
            maxLength={254}
            aria-invalid={fields.email?.length ? true : undefined}
            aria-describedby={fields.email?.length ? 'invite-email-error' : undefined}
          />
          <FieldError messages={fields.email} id="email" />
        </label>
        <label>
          Role
          <select name="role" defaultValue="STAFF">
            <option value="STAFF">STAFF (office work)</option>
            <option value="REP">REP (field sales)</option>
            <option value="ADMIN">ADMIN (everything but owners)</option>
          </select>
          <FieldError messages={fields.role} id="role" />
        </label>
        {otherError && <p className="error">{otherError}</p>}
        <button type="submit" disabled={invite.isPending}>
          {invite.isPending ? 'Inviting…' : 'Create invitation'}
        </button>
      </form>
      {shown && (
        <div style={{ marginTop: 12 }}>
          <p>
            Invitation for {shown.email}, valid once until {formatDateTime(shown.expiresAt)}.{' '}
            {shown.isEmailQueued
              ? 'It is being e-mailed; you can also pass this link on yourself.'
              : 'E-mail is not configured here: pass this link on yourself.'}{' '}
            It will not be shown again.
          </p>
          <code className="secret" data-testid="invitation-link">
            {shown.link}
          </code>
        </div>
      )}
    </div>
  );
}
