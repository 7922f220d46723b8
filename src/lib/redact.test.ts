import { describe, expect, it } from 'vitest';
import { maskPhone } from '@/lib/schemas/phone';
import { redactText, redactValue } from './redact';

describe('redaction', () => {
  it('masks phone numbers and emails inside free text', () => {
    const text = redactText('sent to +447700900123 and jane.doe@example.com');
    expect(text).not.toContain('7700900123');
    expect(text).not.toContain('jane.doe');
    expect(text).toContain('+44********23');
    expect(text).toContain('j***@***.com');
    expect(text).not.toContain('example');
  });

  it('leaves ids, timestamps and durations alone', () => {
    const line =
      'job 550e8400-e29b-41d4-a716-446655440000 at 2026-11-21T20:13:00.000Z took 12345678ms';
    expect(redactText(line)).toBe(line);
    const pgTime = '2026-11-21 20:54:04.123479+00:00';
    expect(redactText(pgTime)).toBe(pgTime);
    expect(redactText('call +447700900123.')).toBe('call +44********23.');
  });

  it('removes bearer tokens, API tokens and secret fields', () => {
    expect(redactText('Authorization: Bearer abc.def.ghi')).toBe(
      'Authorization: Bearer [redacted]',
    );
    expect(redactText('token sbt_AAAAAAAAAAAAAAAA')).toBe('token sbt_[redacted]');
    expect(
      redactValue({
        headers: { authorization: 'Bearer x', cookie: 'a=b' },
        password: 'p',
        nested: { token: 't' },
      }),
    ).toEqual({
      headers: { authorization: '[redacted]', cookie: '[redacted]' },
      password: '[redacted]',
      nested: { token: '[redacted]' },
    });
  });

  it('masks PII fields by key', () => {
    expect(
      redactValue({ phone: '+15551234567', email: 'a@b.co', name: 'Alice', count: 3 }),
    ).toEqual({
      phone: '+15*******67',
      email: 'a***@***.co',
      name: 'A***',
      count: 3,
    });
  });

  it('survives cycles', () => {
    const a: Record<string, unknown> = { x: 1 };
    a.self = a;
    expect(redactValue(a)).toEqual({ x: 1, self: '[truncated]' });
  });

  it('only masks plausible phone numbers', () => {
    expect(maskPhone('12345')).toBe('12345');
  });
});
