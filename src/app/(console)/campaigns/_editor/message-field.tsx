'use client';
// The message: the template as typed, the text one contact would receive (merged here with the
// same code the server merges with) and what that text costs in encoding and segments.
import { useState } from 'react';
import { MERGE_FIELDS, mergeTemplate, parseTemplate } from '@/lib/sms/template';
import { SmsSegmentMeter } from '@/app/_components/sms-segment-meter';
import { MAX_BODY } from './draft';

type Props = {
  body: string;
  onChange: (body: string) => void;
  sampleName: string | null;
  problem: string | null;
  serverError?: string;
};

export function MessageField({ body, onChange, sampleName, problem, serverError }: Props) {
  const [previewName, setPreviewName] = useState('');
  const parsed = parseTemplate(body.trim());
  const name = previewName.trim() || sampleName;
  const merged = parsed.ok ? mergeTemplate(parsed, { name }) : '';
  const shownProblem = body.trim() === '' ? null : problem;

  return (
    <fieldset
      style={{
        border: 0,
        padding: 0,
        margin: 0,
        display: 'flex',
        flexDirection: 'column',
        gap: 10,
      }}
    >
      <label>
        Message
        <textarea
          value={body}
          onChange={(e) => onChange(e.target.value)}
          rows={5}
          maxLength={MAX_BODY + 200}
          aria-invalid={shownProblem || serverError ? true : undefined}
          aria-describedby="message-help"
          style={{
            padding: 8,
            border: '1px solid var(--line)',
            borderRadius: 6,
            fontSize: 14,
            fontFamily: 'inherit',
          }}
        />
      </label>
      <div id="message-help" className="muted" style={{ fontSize: 13 }}>
        Merge fields: {MERGE_FIELDS.map((f) => `{{${f}}}`).join(', ')}; a fallback after | is used
        when the contact has no name, e.g. <code>{'{{first_name|there}}'}</code>.
      </div>
      {(shownProblem ?? serverError) && (
        <p className="error" role="alert" style={{ margin: 0 }}>
          {shownProblem ?? serverError}
        </p>
      )}
      <div
        style={{
          background: 'var(--bg)',
          border: '1px solid var(--line)',
          borderRadius: 6,
          padding: 10,
        }}
      >
        <div
          style={{
            display: 'flex',
            gap: 12,
            alignItems: 'flex-end',
            flexWrap: 'wrap',
            marginBottom: 8,
          }}
        >
          <strong style={{ fontSize: 14 }}>Preview</strong>
          <label style={{ flexDirection: 'row', alignItems: 'center', gap: 6, fontSize: 13 }}>
            as
            <input
              value={previewName}
              onChange={(e) => setPreviewName(e.target.value)}
              placeholder={sampleName ?? 'a contact without a name'}
              maxLength={120}
              aria-label="Preview as contact named"
            />
          </label>
        </div>
        <p
          data-testid="merged-preview"
          style={{ whiteSpace: 'pre-wrap', margin: '0 0 8px', minHeight: 20 }}
        >
          {merged || (
            <span className="muted">Type a message to see it as a contact receives it.</span>
          )}
        </p>
        <SmsSegmentMeter text={merged} testId="editor-segments" />
      </div>
    </fieldset>
  );
}
