'use client';
// Live SMS cost of a text: encoding, parts and room left, computed by the same calculator the
// server charges with (src/lib/sms/segments.ts). Used by the contacts page's preview and the
// campaign editor.
import { countSmsSegments, nonGsm7Characters } from '@/lib/sms/segments';

export function SmsSegmentMeter({
  text,
  testId = 'sms-segment-meter',
}: {
  text: string;
  testId?: string;
}) {
  const info = countSmsSegments(text);
  const unicode = info.encoding === 'UCS-2' ? nonGsm7Characters(text).slice(0, 8) : [];
  const unit = info.encoding === 'GSM-7' ? 'characters' : 'UCS-2 units';
  return (
    <div className="muted" data-testid={testId} aria-live="polite" style={{ fontSize: 13 }}>
      <span data-testid={`${testId}-encoding`}>{info.encoding}</span> ·{' '}
      <span data-testid={`${testId}-segments`}>
        {info.segments} {info.segments === 1 ? 'segment' : 'segments'}
      </span>{' '}
      · {info.charactersUsed} {unit} used ·{' '}
      <span data-testid={`${testId}-remaining`}>{info.remainingInSegment}</span> left in this
      segment ({info.perSegment} per segment)
      {unicode.length > 0 && (
        <div>
          Sent as UCS-2 (fewer characters per segment) because of:{' '}
          {unicode.map((c) => JSON.stringify(c)).join(' ')}
        </div>
      )}
    </div>
  );
}
