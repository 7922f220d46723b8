import { describe, expect, it } from 'vitest';
import { initSentry, scrubEvent } from './sentry';

describe('Sentry', () => {
  it('stays off without a DSN', () => {
    expect(initSentry(undefined)).toBe(false);
  });

  it('scrubs PII and secrets from events before they leave', () => {
    const event = scrubEvent({
      type: undefined,
      user: { id: 'u1', email: 'jane@example.com', ip_address: '10.0.0.1' },
      request: {
        headers: { authorization: 'Bearer abc', cookie: 'next-auth.session-token=x' },
        cookies: { a: 'b' },
        data: { phone: '+447700900123' },
      },
      extra: { note: 'call +447700900123' },
      exception: { values: [{ type: 'Error', value: 'failed for jane@example.com' }] },
    });
    const text = JSON.stringify(event);
    for (const secret of ['jane@', '7700900123', 'Bearer abc', 'session-token=x', '10.0.0.1'])
      expect(text).not.toContain(secret);
    expect(event.user).toEqual({ id: 'u1' });
  });
});
