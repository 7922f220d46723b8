'use client';
// The tenant's voice lines: the list, and one form to add a line or edit the chosen one.
import { useState } from 'react';
import Link from 'next/link';
import { DataTable } from '@/app/_components/data-table';
import { errorSentence } from '@/lib/trpc/errors';
import { api } from '@/lib/trpc/react';
import { maskPhone } from '@/lib/schemas/phone-mask';
import { useIsAdmin } from '../../campaigns/_components/use-is-admin';
import { VoiceLineForm } from './voice-line-form';
import { draftOf, emptyDraft, hoursSummary, languageLabel } from './voice-line-draft';

/** 'new', a line's id, or null when no form is open. */
type Editing = string | null;

export function VoiceLines() {
  const utils = api.useUtils();
  const isAdmin = useIsAdmin();
  const lines = api.voiceLines.list.useQuery();
  const [editing, setEditing] = useState<Editing>(null);
  const remove = api.voiceLines.delete.useMutation({
    onSuccess: () => utils.voiceLines.list.invalidate(),
  });
  const edited = lines.data?.find((l) => l.id === editing);

  return (
    <>
      {lines.error && (
        <p className="error" role="alert">
          {errorSentence(lines.error)}
        </p>
      )}
      {remove.error && (
        <p className="error" role="alert">
          {errorSentence(remove.error)}
        </p>
      )}
      {isAdmin && editing === null && (
        <p>
          <button onClick={() => setEditing('new')}>Add a voice line</button>
        </p>
      )}
      {editing !== null && (
        <div className="card">
          <h2 className="card-title">{edited ? `Edit ${edited.label}` : 'New voice line'}</h2>
          <VoiceLineForm
            key={editing}
            lineId={edited?.id}
            initial={edited ? draftOf(edited) : emptyDraft()}
            onDone={() => setEditing(null)}
          />
        </div>
      )}
      <DataTable
        label="Voice lines"
        testId="voice-lines-table"
        rows={lines.data}
        rowKey={(l) => l.id}
        empty={
          isAdmin
            ? 'No voice lines yet. Add one with the Twilio number callers ring.'
            : 'No voice lines yet. An admin adds them here.'
        }
        columns={[
          { header: 'Name', cell: (l) => l.label },
          { header: 'Number', cell: (l) => <span className="nowrap">{l.phone}</span> },
          { header: 'Language', cell: (l) => languageLabel(l.language) },
          {
            header: 'Hands over to',
            cell: (l) =>
              l.fallbackPhone ? maskPhone(l.fallbackPhone, { style: 'display' }) : 'messages only',
          },
          { header: 'Business hours', cell: (l) => hoursSummary(l) },
          {
            header: 'Actions',
            isHeaderHidden: true,
            cell: (l) => (
              <span className="button-row">
                <Link href={`/calls/simulator?line=${l.id}`}>Try a call</Link>
                {isAdmin && (
                  <>
                    <button className="secondary" onClick={() => setEditing(l.id)}>
                      Edit
                    </button>
                    <button
                      className="secondary"
                      disabled={remove.isPending}
                      onClick={() => {
                        if (
                          window.confirm(
                            `Delete the voice line “${l.label}”? Calls already taken on it are kept.`,
                          )
                        )
                          remove.mutate({ id: l.id });
                      }}
                    >
                      Delete
                    </button>
                  </>
                )}
              </span>
            ),
          },
        ]}
      />
    </>
  );
}
