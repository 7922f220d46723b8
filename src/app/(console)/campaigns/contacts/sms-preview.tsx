'use client';
// Try a message out: what it costs in segments as you type (the campaign editor uses the same meter).
import { useState } from 'react';
import { SmsSegmentMeter } from '@/app/_components/sms-segment-meter';

export function SmsPreview() {
  const [text, setText] = useState('');
  return (
    <div className="card">
      <h2 style={{ fontSize: 16, marginTop: 0 }}>SMS preview</h2>
      <label>
        Message
        <textarea
          value={text}
          onChange={(e) => setText(e.target.value)}
          rows={4}
          maxLength={1600}
          data-testid="sms-preview-text"
          style={{
            padding: 8,
            border: '1px solid var(--line)',
            borderRadius: 6,
            fontSize: 14,
            fontFamily: 'inherit',
          }}
        />
      </label>
      <SmsSegmentMeter text={text} />
    </div>
  );
}
