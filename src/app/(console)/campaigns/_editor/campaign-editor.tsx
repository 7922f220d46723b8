'use client';
// New campaign or a draft: name, message, audience; the server's preview of audience and cost as
// you type; save as draft; launch (admins). A new draft's first save moves the address to its
// edit page without reloading, so the form keeps its state.
import { useMemo, useState } from 'react';
import { keepPreviousData } from '@tanstack/react-query';
import { api } from '@/lib/trpc/react';
import { errorSentence } from '@/lib/trpc/errors';
import { formatTime } from '@/app/_components/format';
import { fieldErrorsOf } from '../contacts/field-errors';
import { useIsAdmin } from '../_components/use-is-admin';
import type { CampaignView } from '../_components/types';
import { audienceOf, bodyProblem, draftInputOf, draftOf, EMPTY_DRAFT, type Draft } from './draft';
import { useDebouncedValue } from './use-debounced-value';
import { MessageField } from './message-field';
import { AudienceFields } from './audience-fields';
import { AudiencePreview } from './audience-preview';
import { LaunchPanel } from './launch-panel';

const PREVIEW_DEBOUNCE_MS = 400;

export function CampaignEditor({ initial }: { initial?: CampaignView }) {
  const utils = api.useUtils();
  const isAdmin = useIsAdmin();
  const [id, setId] = useState<string | null>(initial?.id ?? null);
  const [draft, setDraft] = useState<Draft>(() => (initial ? draftOf(initial) : EMPTY_DRAFT));
  const [savedAs, setSavedAs] = useState<string | null>(() =>
    initial ? JSON.stringify(draftOf(initial)) : null,
  );
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const create = api.campaigns.create.useMutation();
  const update = api.campaigns.update.useMutation();
  const saving = create.isPending || update.isPending;
  const saveError = id ? update.error : create.error;
  const fields = fieldErrorsOf(saveError);
  const fieldMessage = (key: string) => fields[key]?.join('; ');
  const otherSaveError =
    saveError && !['name', 'body', 'audience'].some((k) => fields[k]?.length)
      ? saveError.message
      : null;
  const dirty = savedAs !== JSON.stringify(draft);
  const problem = bodyProblem(draft.body);

  const previewKey = JSON.stringify({ body: draft.body, audience: audienceOf(draft) });
  const settledKey = useDebouncedValue(previewKey, PREVIEW_DEBOUNCE_MS);
  const previewInput = useMemo(
    () => JSON.parse(settledKey) as { body: string; audience: ReturnType<typeof audienceOf> },
    [settledKey],
  );
  const previewEnabled = bodyProblem(previewInput.body) === null;
  const preview = api.campaigns.preview.useQuery(previewInput, {
    enabled: previewEnabled,
    placeholderData: keepPreviousData,
    retry: false,
  });

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));

  /** The campaign's id once what is on screen is stored (creating or updating the draft as needed). */
  async function ensureSaved(): Promise<string> {
    if (id && !dirty) return id;
    const input = draftInputOf(draft);
    const campaign = id
      ? await update.mutateAsync({ id, ...input })
      : await create.mutateAsync(input);
    setId(campaign.id);
    setSavedAs(JSON.stringify(draft));
    setSavedAt(new Date());
    if (!id) window.history.replaceState(null, '', `/campaigns/${campaign.id}/edit`);
    await utils.campaigns.list.invalidate();
    return campaign.id;
  }

  return (
    <>
      <form
        className="card"
        aria-label="Campaign"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          ensureSaved().catch(() => undefined); // shown from the mutation's error
        }}
        style={{ display: 'flex', flexDirection: 'column', gap: 14 }}
      >
        <label style={{ maxWidth: 420 }}>
          Campaign name
          <input
            value={draft.name}
            onChange={(e) => set('name', e.target.value)}
            maxLength={120}
            required
            aria-invalid={fields.name ? true : undefined}
          />
          {fieldMessage('name') && <span className="error">{fieldMessage('name')}</span>}
        </label>
        <MessageField
          body={draft.body}
          onChange={(body) => set('body', body)}
          sampleName={preview.data?.sample.name ?? null}
          problem={problem}
          serverError={fieldMessage('body')}
        />
        <AudienceFields
          draft={draft}
          onChange={(key, value) => set(key, value)}
          error={fieldMessage('audience')}
        />
        {otherSaveError && (
          <p className="error" role="alert">
            {otherSaveError}
          </p>
        )}
        <div style={{ display: 'flex', gap: 12, alignItems: 'center' }}>
          <button type="submit" className="secondary" disabled={saving || !dirty}>
            {saving ? 'Saving…' : 'Save draft'}
          </button>
          <span className="muted" aria-live="polite" style={{ fontSize: 13 }}>
            {dirty
              ? id
                ? 'Unsaved changes'
                : 'Not saved yet'
              : savedAt
                ? `Saved at ${formatTime(savedAt)}`
                : 'Saved'}
          </span>
        </div>
      </form>
      <AudiencePreview
        preview={preview.data}
        isFetching={preview.isFetching}
        isStale={previewKey !== settledKey}
        error={(preview.error ? errorSentence(preview.error) : undefined) ?? null}
        enabled={previewEnabled}
      />
      {isAdmin === true && (
        <LaunchPanel
          ensureSaved={ensureSaved}
          preview={preview.data}
          canLaunch={problem === null && draft.name.trim() !== ''}
        />
      )}
      {isAdmin === false && (
        <p className="muted">An owner or admin launches campaigns; save the draft and ask one.</p>
      )}
    </>
  );
}
