'use client';
// The server's answer for the draft as typed (debounced by the editor): who would be messaged,
// who is left out and why, the exact cost in credits and whether the wallet covers it.
import Link from 'next/link';
import { formatCredits, formatInteger } from '@/app/_components/format';
import type { PreviewView } from '../_components/types';

type Props = {
  preview: PreviewView | undefined;
  isFetching: boolean;
  isStale: boolean;
  error: string | null;
  enabled: boolean;
};

function Row({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <tr>
      <th scope="row" style={{ fontWeight: 400 }}>
        {label}
      </th>
      <td data-testid={testId} style={{ fontWeight: 600 }}>
        {value}
      </td>
    </tr>
  );
}

export function AudiencePreview({ preview, isFetching, isStale, error, enabled }: Props) {
  return (
    <section
      className="card"
      aria-label="Audience and cost"
      aria-busy={isFetching || isStale}
      data-testid="campaign-preview"
    >
      <h2 style={{ fontSize: 16, marginTop: 0 }}>
        Audience and cost{' '}
        {(isFetching || isStale) && (
          <span className="muted" style={{ fontSize: 13, fontWeight: 400 }}>
            updating…
          </span>
        )}
      </h2>
      {!enabled && <p className="muted">Write a valid message to see the audience and the cost.</p>}
      {error && <p className="error">{error}</p>}
      {enabled && preview && (
        <>
          <table style={{ maxWidth: 420 }}>
            <tbody>
              <Row
                label="Matching contacts"
                value={String(preview.audience.total)}
                testId="preview-total"
              />
              <Row
                label="Will be messaged"
                value={String(preview.audience.sendable)}
                testId="preview-sendable"
              />
              <Row
                label="Opted out (skipped)"
                value={String(preview.audience.optedOut)}
                testId="preview-opted-out"
              />
              <Row
                label="No consent (skipped)"
                value={String(preview.audience.noConsent)}
                testId="preview-no-consent"
              />
              <Row
                label="Cost in credits"
                value={formatInteger(preview.credits)}
                testId="preview-credits"
              />
              <Row
                label="Available in the wallet"
                value={formatInteger(preview.available)}
                testId="preview-available"
              />
            </tbody>
          </table>
          {preview.covered ? (
            <p className="status-ok" data-testid="preview-covered">
              The wallet covers this campaign.
            </p>
          ) : (
            <p className="status-bad" data-testid="preview-covered">
              The wallet cannot cover this campaign:{' '}
              {formatCredits(preview.credits - preview.available)} more needed.{' '}
              <Link href="/campaigns/wallet">Buy credits</Link>
            </p>
          )}
          {preview.audience.sendable === 0 && (
            <p className="error">Nobody in this audience can be messaged.</p>
          )}
        </>
      )}
    </section>
  );
}
