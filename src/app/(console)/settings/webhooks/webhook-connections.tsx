'use client';
import { useState, type FormEvent } from 'react';
import { api } from '@/lib/trpc/react';
import { describeError, errorSentence } from '@/lib/trpc/errors';
import { FieldError } from '@/app/_components/field-error';
import { DataTable } from '@/app/_components/data-table';
import { formatDateTime } from '@/app/_components/format';

const PROVIDERS = ['twilio', 'stripe', 'shopify', 'whatsapp', 'chatwoot', 'analysis'] as const;
type Provider = (typeof PROVIDERS)[number];
type Shown = { label: string; secret: string; verifyToken?: string | null; url?: string };

export function WebhookConnections() {
  const utils = api.useUtils();
  const connections = api.webhooks.listConnections.useQuery();
  const [shown, setShown] = useState<Shown | null>(null);
  const origin = typeof window === 'undefined' ? '' : window.location.origin;
  const create = api.webhooks.createConnection.useMutation({
    onSuccess: async (c) => {
      setShown({
        label: c.label,
        secret: c.secret,
        verifyToken: c.verifyToken,
        url: `${origin}${c.path}`,
      });
      await utils.webhooks.listConnections.invalidate();
    },
  });
  const rotate = api.webhooks.rotateSecret.useMutation({
    onSuccess: async (r, input) => {
      const label = connections.data?.find((c) => c.id === input.id)?.label ?? 'connection';
      setShown({
        label: `${label} (rotated; the old secret works until ${formatDateTime(r.previousSecretExpiresAt)})`,
        secret: r.secret,
      });
      await utils.webhooks.listConnections.invalidate();
    },
  });

  function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const provider = PROVIDERS.find((p) => p === data.get('provider')) ?? 'stripe';
    create.mutate(
      { provider: provider satisfies Provider, label: (data.get('label') as string | null) ?? '' },
      { onSuccess: () => form.reset() },
    );
  }

  const createFailure = describeError(create.error, { label: 'the label' });

  return (
    <>
      <div className="card">
        <form className="stack" onSubmit={onCreate}>
          <label>
            Provider
            <select name="provider" defaultValue="stripe">
              {PROVIDERS.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </label>
          <label>
            Label
            <input name="label" placeholder="e.g. Stripe live account" required maxLength={100} />
            <FieldError message={createFailure.fields.label} />
          </label>
          {create.error && !createFailure.fields.label && (
            <p className="error">{createFailure.sentence}</p>
          )}
          <button type="submit" disabled={create.isPending}>
            Create connection
          </button>
        </form>
        {shown && (
          <div style={{ marginTop: 12 }} data-testid="shown-secret">
            <p>{shown.label}: copy the secret now, it will not be shown again.</p>
            {shown.url && (
              <p>
                URL <code>{shown.url}</code>
              </p>
            )}
            <code className="secret">{shown.secret}</code>
            {shown.verifyToken && (
              <p>
                WhatsApp verify token <code>{shown.verifyToken}</code>
              </p>
            )}
          </div>
        )}
      </div>
      {rotate.error && <p className="error">{errorSentence(rotate.error)}</p>}
      <DataTable
        label="Webhook connections"
        rows={connections.data}
        rowKey={(c) => c.id}
        empty="No connections yet."
        columns={[
          { header: 'Label', cell: (c) => c.label },
          { header: 'Provider', cell: (c) => c.provider },
          { header: 'Endpoint', cell: (c) => <code>{c.path}</code> },
          {
            header: 'Previous secret',
            cell: (c) =>
              c.previousSecretActive
                ? `valid until ${formatDateTime(c.previousSecretExpiresAt, '')}`
                : '—',
          },
          {
            header: 'Actions',
            isHeaderHidden: true,
            cell: (c) => (
              <button
                className="secondary"
                disabled={rotate.isPending}
                onClick={() => rotate.mutate({ id: c.id, graceMinutes: 24 * 60 })}
              >
                Rotate secret
              </button>
            ),
          },
        ]}
      />
    </>
  );
}
