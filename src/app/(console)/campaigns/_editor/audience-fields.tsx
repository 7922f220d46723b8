'use client';
// Who gets the campaign, by tags: any of / all of / none of. Empty fields restrict nothing.
import type { Draft } from './draft';

type TagField = 'tagsAny' | 'tagsAll' | 'tagsNone';
const FIELDS: { key: TagField; label: string; hint: string }[] = [
  { key: 'tagsAny', label: 'Has any of these tags', hint: 'empty: every contact' },
  { key: 'tagsAll', label: 'Has all of these tags', hint: 'optional' },
  { key: 'tagsNone', label: 'Has none of these tags', hint: 'optional' },
];

type Props = { draft: Draft; onChange: (field: TagField, value: string) => void; error?: string };

export function AudienceFields({ draft, onChange, error }: Props) {
  return (
    <fieldset style={{ border: '1px solid var(--line)', borderRadius: 6, padding: 12, margin: 0 }}>
      <legend style={{ fontSize: 14, fontWeight: 600 }}>Audience</legend>
      <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
        {FIELDS.map((f) => (
          <label key={f.key} style={{ flex: 1, minWidth: 180 }}>
            {f.label}
            <input
              value={draft[f.key]}
              onChange={(e) => onChange(f.key, e.target.value)}
              placeholder={`tags, separated by commas (${f.hint})`}
            />
          </label>
        ))}
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <p className="muted" style={{ fontSize: 13, marginBottom: 0 }}>
        Contacts who opted out or have not granted consent match but are never messaged; the figures
        below count them apart.
      </p>
    </fieldset>
  );
}
