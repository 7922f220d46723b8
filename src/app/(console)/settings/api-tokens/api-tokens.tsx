'use client';
import { useState, type FormEvent } from 'react';
import { api } from '@/lib/trpc/react';
import { describeError } from '@/lib/trpc/errors';
import { FieldError } from '@/app/_components/field-error';
import { DataTable } from '@/app/_components/data-table';
import { formatDateTime } from '@/app/_components/format';

export function ApiTokens() {
  const utils = api.useUtils();
  const tokens = api.apiTokens.list.useQuery();
  const [secret, setSecret] = useState<string | null>(null);
  const create = api.apiTokens.create.useMutation({
    onSuccess: async (created) => {
      setSecret(created.secret);
      await utils.apiTokens.list.invalidate();
    },
  });
  const revoke = api.apiTokens.revoke.useMutation({
    onSuccess: () => utils.apiTokens.list.invalidate(),
  });

  const failure = describeError(create.error, { name: 'the token name' });

  function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    create.mutate(
      { name: (new FormData(form).get('name') as string | null) ?? '' },
      { onSuccess: () => form.reset() },
    );
  }

  return (
    <>
      <div className="card">
        <form className="stack" onSubmit={onCreate}>
          <label>
            Token name
            <input name="name" placeholder="e.g. Field app – Anna" required maxLength={100} />
            <FieldError message={failure.fields.name} />
          </label>
          {create.error && !failure.fields.name && <p className="error">{failure.sentence}</p>}
          <button type="submit" disabled={create.isPending}>
            Create token
          </button>
        </form>
        {secret && (
          <div style={{ marginTop: 12 }}>
            <p>Copy this token now; it will not be shown again:</p>
            <code className="secret" data-testid="new-token">
              {secret}
            </code>
          </div>
        )}
      </div>
      <DataTable
        label="API tokens"
        rows={tokens.data}
        rowKey={(t) => t.id}
        columns={[
          { header: 'Name', cell: (t) => t.name },
          { header: 'Prefix', cell: (t) => <code>{t.prefix}…</code> },
          { header: 'Owner', cell: (t) => t.user.name },
          { header: 'Last used', cell: (t) => formatDateTime(t.lastUsedAt, 'never') },
          { header: 'Status', cell: (t) => (t.revokedAt ? 'revoked' : 'active') },
          {
            header: 'Actions',
            isHeaderHidden: true,
            cell: (t) =>
              !t.revokedAt && (
                <button
                  className="secondary"
                  onClick={() => revoke.mutate({ id: t.id })}
                  disabled={revoke.isPending}
                >
                  Revoke
                </button>
              ),
          },
        ]}
      />
    </>
  );
}
